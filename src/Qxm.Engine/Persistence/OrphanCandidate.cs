namespace Qxm.Engine.Persistence;

/// <param name="Referenced">A run's experiment or result references it now: it is no orphan, only its journal entry goes.</param>
public sealed record OrphanCandidate(string Hash, bool Referenced);
