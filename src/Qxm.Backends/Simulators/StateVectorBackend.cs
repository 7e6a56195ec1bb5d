using System.Collections.Concurrent;
using Qxm.Backends.Contract;
using Qxm.Domain.Backends;
using Qxm.Simulation;
using Qxm.Simulation.StateVector;

namespace Qxm.Backends.Simulators;

/// <summary><c>sim.statevector</c>: the ideal, exact simulator every installation has. Jobs run on the thread pool.</summary>
internal sealed class StateVectorBackend : IBackend
{
    public const string Id = "sim.statevector";

    private readonly ConcurrentDictionary<string, SimulatorJob> _jobs = new(StringComparer.Ordinal);

    public StateVectorBackend()
    {
        Info = new BackendInfo(
            Id,
            "simulator",
            "Ideal state-vector simulator (exact, noiseless)",
            BackendStatus.Online,
            new Target(MaxQubitsInMemory(), MaxShots: 10_000_000, MaxCircuits: 100_000));
    }

    public BackendInfo Info { get; }

    public Task<string> SubmitAsync(BackendJob job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var jobId = $"{job.RunId}-{Guid.NewGuid():N}";
        var cts = new CancellationTokenSource();
        var task = Task.Run(() => Execute(job, cts.Token), CancellationToken.None);
        _jobs[jobId] = new SimulatorJob(task, cts);
        return Task.FromResult(jobId);
    }

    public Task<BackendJobStatus> GetStatusAsync(string jobId, CancellationToken cancellationToken)
    {
        var job = Find(jobId);
        var status = job.Task.Status switch
        {
            TaskStatus.RanToCompletion => BackendJobStatus.Completed,
            TaskStatus.Canceled => BackendJobStatus.Cancelled,
            TaskStatus.Faulted => BackendJobStatus.Failed,
            TaskStatus.Running => BackendJobStatus.Running,
            _ => BackendJobStatus.Queued,
        };
        return Task.FromResult(status);
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

    private static BackendJobResult Execute(BackendJob job, CancellationToken cancellationToken)
    {
        var counts = new IReadOnlyDictionary<string, long>[job.Circuits.Count];
        double seconds = 0;
        for (var i = 0; i < job.Circuits.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var circuit = job.Circuits[i];
            if (MemoryGuard.Check(circuit.QubitCount) is { } tooLarge)
            {
                throw new BackendException(BackendErrorKind.InvalidInput, tooLarge.Message);
            }

            var outcome = StateVectorSimulator.Run(circuit, job.Shots, PointSeed(job.Seed, i), cancellationToken);
            counts[i] = outcome.Counts;
            seconds += outcome.Seconds;
        }

        return new BackendJobResult(counts, seconds);
    }

    private static int MaxQubitsInMemory()
    {
        var qubits = 1;
        while (qubits < 40 && MemoryGuard.Check(qubits + 1) is null)
        {
            qubits++;
        }

        return qubits;
    }

    private SimulatorJob Find(string jobId) =>
        _jobs.TryGetValue(jobId, out var job)
            ? job
            : throw new BackendException(BackendErrorKind.InvalidInput, $"unknown job '{jobId}'");
}
