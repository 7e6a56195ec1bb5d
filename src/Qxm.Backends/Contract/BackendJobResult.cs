namespace Qxm.Backends.Contract;

/// <summary>Counts per circuit of the job, in the job's circuit order, and the backend's own execution time.</summary>
public sealed record BackendJobResult(IReadOnlyList<IReadOnlyDictionary<string, long>> Counts, double ExecutionSeconds);
