using Qxm.Backends.Registry;
using Qxm.Engine.Api;
using Qxm.Engine.Dispatch;
using Qxm.Engine.Ingestion;
using Qxm.Engine.Persistence;
using Qxm.Engine.Submission;
using Qxm.Engine.Tenancy;

namespace Qxm.Engine;

/// <summary>The engine wired over its ports: the service clients call and the workers that execute runs.</summary>
public sealed class QxmEngine : IDisposable
{
    private readonly IRunStore _runs;
    private readonly IRunLeases _leases;
    private readonly IBackendRegistry _backends;
    private readonly EngineOptions _options;
    private readonly TimeProvider _time;
    private readonly ResultIngestor _ingestor;
    private readonly WorkSignal _signal = new();

    public QxmEngine(
        IRunStore runs,
        IRunLeases leases,
        IResultStore results,
        IArtifactStore artifacts,
        IBackendRegistry backends,
        EngineOptions options,
        TimeProvider time,
        TenantCatalog? tenants = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _runs = runs;
        _leases = leases;
        _backends = backends;
        _options = options;
        _time = time;
        _ingestor = new ResultIngestor(results, artifacts);
        var submission = new SubmissionService(runs, artifacts, backends, tenants ?? TenantCatalog.Default, time, _signal.Notify);
        Service = new RunService(submission, runs, results, backends);
    }

    public IRunService Service { get; }

    public IBackendRegistry Backends => _backends;

    /// <summary>Runs <see cref="EngineOptions.Workers"/> worker loops until cancelled.</summary>
    public Task RunWorkersAsync(CancellationToken cancellationToken)
    {
        var prefix = $"{Environment.MachineName}:{Environment.ProcessId}";
        return Task.WhenAll(Enumerable.Range(0, _options.Workers)
            .Select(i => Task.Run(() => CreateWorker($"{prefix}:{i}").RunAsync(cancellationToken), CancellationToken.None)));
    }

    /// <summary>Executes at most one queued run on the caller's task; false when nothing was queued.</summary>
    public Task<bool> RunOnceAsync(string workerId, CancellationToken cancellationToken) =>
        CreateWorker(workerId).RunOnceAsync(cancellationToken);

    public void Dispose() => _signal.Dispose();

    private RunWorker CreateWorker(string workerId) =>
        new(workerId, _runs, _leases, _ingestor, _backends, _signal, _options, _time);
}
