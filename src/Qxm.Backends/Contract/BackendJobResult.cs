namespace Qxm.Backends.Contract;

/// <summary>Counts per circuit of the job, in the job's circuit order, the backend's own execution time, and how it
/// ran (simulators: method, threads, precision, vectors, trajectories, calibration fingerprint) for the result's
/// provenance. A remote backend also returns its <see cref="RawAnswer"/>, kept when the result fails its checks.</summary>
public sealed record BackendJobResult(
    IReadOnlyList<IReadOnlyDictionary<string, long>> Counts,
    double ExecutionSeconds,
    IReadOnlyDictionary<string, string>? Provenance = null)
{
    public ReadOnlyMemory<byte>? RawAnswer { get; init; }
}
