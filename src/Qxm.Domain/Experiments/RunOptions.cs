namespace Qxm.Domain.Experiments;

/// <summary>How a simulator should run the experiment; null fields take the backend's defaults, hardware ignores them.
/// What was used is recorded with the result.</summary>
/// <param name="Threads">Worker threads, 1 to 1024. Counts do not depend on it: the seed fixes them for any thread count.</param>
/// <param name="Precision"><c>double</c> (default) or <c>single</c>.</param>
public sealed record RunOptions(int? Threads = null, string? Precision = null);
