using Qxm.Backends.Registry;
using Qxm.Engine.Api;
using Qxm.Engine.Dispatch;
using Qxm.Engine.Ingestion;
using Qxm.Engine.Persistence;
using Qxm.Engine.Scheduling;
using Qxm.Engine.Submission;
using Qxm.Engine.Tenancy;

namespace Qxm.Engine;

/// <summary>The engine wired over its ports: the service clients call and the workers that execute runs.</summary>
public sealed class QxmEngine : IDisposable
{
    private readonly EngineStores _stores;
    private readonly IBackendRegistry _backends;
    private readonly EngineOptions _options;
    private readonly TimeProvider _time;
    private readonly ResultIngestor _ingestor;
    private readonly Dispatcher _dispatcher;
    private readonly WorkSignal _signal = new();
    private readonly RunningRuns _running = new();

    public QxmEngine(
        EngineStores stores,
        IBackendRegistry backends,
        EngineOptions options,
        TimeProvider time,
        TenantCatalog? tenants = null,
        SchedulingOptions? scheduling = null)
    {
        ArgumentNullException.ThrowIfNull(stores);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        scheduling ??= new SchedulingOptions();
        tenants ??= TenantCatalog.Default;
        _stores = stores;
        _backends = backends;
        _options = options;
        _time = time;
        _ingestor = new ResultIngestor(stores.Results, stores.Artifacts);
        _dispatcher = new Dispatcher(stores.Leases, stores.Reservations, new SchedulingPolicy(scheduling), scheduling, tenants.Weights, options, time);
        var submission = new SubmissionService(stores.Runs, stores.Artifacts, backends, tenants, time, _signal.Notify);
        Service = new RunService(submission, stores.Runs, stores.Results, backends, _running);
        Queue = new QueueService(_dispatcher, stores.Reservations, backends, tenants, time);
    }

    public IRunService Service { get; }

    public IQueueService Queue { get; }

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

    public void Dispose()
    {
        _dispatcher.Dispose();
        _signal.Dispose();
    }

    private RunWorker CreateWorker(string workerId) =>
        new(workerId, _stores.Runs, _stores.Leases, _dispatcher, _running, _ingestor, _backends, _signal, _options, _time);
}
