using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Qxm.Backends.Registry;
using Qxm.Engine.Diagnostics;
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
    private readonly ILogger _logger;

    public QxmEngine(
        EngineStores stores,
        IBackendRegistry backends,
        EngineOptions options,
        TimeProvider time,
        TenantCatalog? tenants = null,
        SchedulingOptions? scheduling = null,
        ILoggerFactory? loggerFactory = null)
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
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Qxm.Engine");
        _ingestor = new ResultIngestor(stores.Results, stores.Artifacts);
        _dispatcher = new Dispatcher(stores.Leases, stores.Reservations, new SchedulingPolicy(scheduling), scheduling, tenants.Weights, options, time);
        var submission = new SubmissionService(stores.Runs, stores.Artifacts, backends, tenants, time, _signal.Notify, _logger);
        Service = new RunService(submission, stores.Runs, stores.Results, backends, _running, time);
        Queue = new QueueService(_dispatcher, stores.Reservations, backends, tenants, time);
    }

    public IRunService Service { get; }

    public IQueueService Queue { get; }

    /// <summary>Runs <see cref="EngineOptions.Workers"/> worker loops until cancelled.</summary>
    public async Task RunWorkersAsync(CancellationToken cancellationToken)
    {
        var prefix = $"{Environment.MachineName}:{Environment.ProcessId}";
        var workers = Enumerable.Range(0, _options.Workers)
            .Select(i => Task.Run(() => CreateWorker($"{prefix}:{i}").RunAsync(cancellationToken), CancellationToken.None))
            .ToList();
        if (_stores.Notifications is { } notifications)
        {
            workers.Add(ListenAsync(notifications, cancellationToken));
        }

        QxmTelemetry.Dispatch.WorkerLimit.Add(_options.Workers);
        try
        {
            await Task.WhenAll(workers);
        }
        finally
        {
            QxmTelemetry.Dispatch.WorkerLimit.Add(-_options.Workers);
        }
    }

    /// <summary>Wakes this process's workers when another instance queues runs; a lost connection is retried, since the
    /// workers' poll covers the gap.</summary>
    private async Task ListenAsync(IWorkNotifications notifications, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await notifications.ListenAsync(_signal.Notify, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // Listening is an optimisation over polling: any failure is retried after a pause.
            catch (Exception)
#pragma warning restore CA1031
            {
                await Task.Delay(_options.IdlePoll, _time, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
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
        new(workerId, _stores.Runs, _stores.Leases, _dispatcher, _running, _ingestor, _backends, _signal, _options, _time, _logger);
}
