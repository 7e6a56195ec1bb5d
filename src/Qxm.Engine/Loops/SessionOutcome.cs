using Qxm.Domain.Tenancy;

namespace Qxm.Engine.Loops;

/// <summary>What opening a session did: the session opened, or why not (<see cref="Problem"/>; <see cref="HeldBy"/> when
/// another session holds the backend; <see cref="VendorFailed"/> when the vendor's session could not be opened).</summary>
public sealed record SessionOutcome(Session? Session, string? Problem = null, Session? HeldBy = null)
{
    /// <summary>The backend's vendor did not open its own session: a fault of the vendor, not of the request.</summary>
    public bool VendorFailed { get; init; }
}
