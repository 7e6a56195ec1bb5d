using System.Collections.Concurrent;
using System.Globalization;
using Qxm.Backends.Contract;
using Qxm.Domain.Backends;
using Qxm.Domain.Errors;
using Qxm.Simulation;

namespace Qxm.Backends.Simulators;

/// <summary>What the built-in simulators share: jobs on the thread pool, status from the task, cancellation, and the
/// translation of simulator errors into <see cref="BackendErrorKind.InvalidInput"/>.</summary>
internal abstract class SimulatorBackend : IBackend
{
    private readonly ConcurrentDictionary<string, SimulatorJob> _jobs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _byKey = new(StringComparer.Ordinal);

    public abstract BackendInfo Info { get; }

    /// <summary>In-process, a key already seen returns its job: nothing can be lost between accepting and answering.</summary>
    public Task<string> SubmitAsync(BackendJob job, string idempotencyKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentException.ThrowIfNullOrEmpty(idempotencyKey);
        lock (_byKey)
        {
            if (_byKey.TryGetValue(idempotencyKey, out var existing))
            {
                return Task.FromResult(existing);
            }

            var jobId = $"{job.RunId}-{Guid.NewGuid():N}";
            var cts = new CancellationTokenSource();
            var task = Task.Run(() => ExecuteClassified(job, cts.Token), CancellationToken.None);
            _jobs[jobId] = new SimulatorJob(task, cts, idempotencyKey);
            _byKey[idempotencyKey] = jobId;
            return Task.FromResult(jobId);
        }
    }

    public Task<string?> FindJobAsync(string idempotencyKey, CancellationToken cancellationToken) =>
        Task.FromResult(_byKey.TryGetValue(idempotencyKey, out var jobId) ? jobId : null);

    public Task<BackendJobState> GetStatusAsync(string jobId, CancellationToken cancellationToken)
    {
        var job = Find(jobId);
        var status = job.Task.Status switch
        {
            TaskStatus.RanToCompletion => BackendJobStatus.Completed,
            TaskStatus.Canceled => BackendJobStatus.Cancelled,
            TaskStatus.Faulted when job.Task.Exception?.InnerException is OperationCanceledException => BackendJobStatus.Cancelled,
            TaskStatus.Faulted => BackendJobStatus.Failed,
            TaskStatus.Running => BackendJobStatus.Running,
            _ => BackendJobStatus.Queued,
        };
        return Task.FromResult(new BackendJobState(status, Message: job.Task.Exception?.InnerException?.Message));
    }

    public async Task<BackendJobResult> GetResultAsync(string jobId, CancellationToken cancellationToken)
    {
        var job = Find(jobId);
        try
        {
            return await job.Task.WaitAsync(cancellationToken);
        }
        finally
        {
            if (job.Task.IsCompleted && _jobs.TryRemove(jobId, out var done))
            {
                _byKey.TryRemove(done.IdempotencyKey, out _);
                done.Cancellation.Dispose();
            }
        }
    }

    public async Task CancelAsync(string jobId, CancellationToken cancellationToken)
    {
        if (_jobs.TryGetValue(jobId, out var job))
        {
            await job.Cancellation.CancelAsync();
        }
    }

    /// <summary>Each sweep point gets its own stream, derived from the job seed, so points are independent
    /// yet the whole job is reproducible from one recorded seed.</summary>
    internal static ulong PointSeed(ulong seed, int index) => unchecked(seed + ((ulong)index * 0x9E3779B97F4A7C15UL));

    /// <summary>The thread count a job asks for, or all cores.</summary>
    protected static int Threads(BackendJob job)
    {
        var threads = job.Options?.Threads ?? Environment.ProcessorCount;
        return threads is >= 1 and <= 1024
            ? threads
            : throw new BackendException(BackendErrorKind.InvalidInput, $"threads must be 1 to 1024, not {threads}");
    }

    protected static Dictionary<string, string> Provenance(SimulationProvenance provenance)
    {
        var entries = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["method"] = provenance.Method,
            ["threads"] = provenance.Threads.ToString(CultureInfo.InvariantCulture),
            ["precision"] = provenance.Precision,
            ["vectors"] = provenance.Vectors,
        };
        if (provenance.Trajectories > 0)
        {
            entries["trajectories"] = provenance.Trajectories.ToString(CultureInfo.InvariantCulture);
        }

        if (provenance.CalibrationFingerprint is { } fingerprint)
        {
            entries["calibration"] = fingerprint;
        }

        return entries;
    }

    /// <summary>The most qubits whose state (double precision unless <paramref name="single"/>) fits in the memory this
    /// process may use, declared as the backend's size; each run is checked against what is free when it starts.</summary>
    internal static int MaxQubitsInMemory(bool single = false) => MemoryGuard.MaxQubitsWithin(single ? 8 : 16);

    /// <summary>Runs the job on the caller's thread, classified as a submitted job would be (for devices that simulate).</summary>
    internal BackendJobResult Simulate(BackendJob job, CancellationToken cancellationToken) => ExecuteClassified(job, cancellationToken);

    /// <summary>Runs every circuit of <paramref name="job"/>; throws <see cref="QxmException"/> for input it refuses.</summary>
    protected abstract BackendJobResult Execute(BackendJob job, CancellationToken cancellationToken);

    private BackendJobResult ExecuteClassified(BackendJob job, CancellationToken cancellationToken)
    {
        try
        {
            return Execute(job, cancellationToken);
        }
        catch (QxmException e) when (e is not BackendException)
        {
            throw new BackendException(BackendErrorKind.InvalidInput, e.Message);
        }
    }

    private SimulatorJob Find(string jobId) =>
        _jobs.TryGetValue(jobId, out var job)
            ? job
            : throw new BackendException(BackendErrorKind.InvalidInput, $"unknown job '{jobId}'");
}
