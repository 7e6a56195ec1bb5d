using System.Text.Json;

namespace Qxm.Backends.Vendors;

/// <summary>A remote backend's finished jobs, each kept from the status read that saw it finish until its result is
/// read: reading a result is then one call to the vendor, not two. A result read without a kept job (another process
/// polled it, or a retried ingest) reads the job again.</summary>
internal sealed class FinishedJobs
{
    private readonly Dictionary<string, JsonElement> _jobs = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>Keeps a copy of the finished job's document.</summary>
    public void Keep(string jobId, JsonElement job)
    {
        var copy = job.Clone();
        lock (_gate)
        {
            _jobs[jobId] = copy;
        }
    }

    /// <summary>The kept document of the job, or the one <paramref name="read"/> fetches when none is kept.</summary>
    public async Task<JsonElement> KeptOrReadAsync(string jobId, Func<string, CancellationToken, Task<JsonDocument>> read, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_jobs.TryGetValue(jobId, out var kept))
            {
                return kept;
            }
        }

        using var job = await read(jobId, cancellationToken);
        return job.RootElement.Clone();
    }

    /// <summary>Drops the job once its result has been read.</summary>
    public void Forget(string jobId)
    {
        lock (_gate)
        {
            _jobs.Remove(jobId);
        }
    }
}
