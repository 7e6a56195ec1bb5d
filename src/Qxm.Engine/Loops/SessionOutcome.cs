using Qxm.Domain.Tenancy;

namespace Qxm.Engine.Loops;

/// <summary>What opening a session did: the session opened, or why not (<see cref="Problem"/>; <see cref="HeldBy"/> when
/// another session holds the backend).</summary>
public sealed record SessionOutcome(Session? Session, string? Problem = null, Session? HeldBy = null);
