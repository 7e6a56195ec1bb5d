using Qxm.Domain.Runs;

namespace Qxm.Engine.Persistence;

/// <summary>Newest runs first.</summary>
public sealed record RunQuery(RunState? State = null, string? Backend = null, int Limit = 50);
