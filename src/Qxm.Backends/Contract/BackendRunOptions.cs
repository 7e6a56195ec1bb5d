namespace Qxm.Backends.Contract;

/// <summary>How a simulator backend should run a job; null fields take the backend's defaults. Hardware ignores them.
/// The values used are returned in <see cref="BackendJobResult.Provenance"/>.</summary>
/// <param name="Threads">Worker threads, 1 to 1024.</param>
/// <param name="Precision"><c>double</c> or <c>single</c>.</param>
public sealed record BackendRunOptions(int? Threads = null, string? Precision = null);
