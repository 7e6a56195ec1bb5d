using Microsoft.Extensions.Logging;
using Qxm.Backends.Registry;
using Qxm.Engine.Api;
using Qxm.Engine.Calibration;
using Qxm.Engine.Diagnostics;
using Qxm.Engine.Dispatch;
using Qxm.Engine.Ingestion;
using Qxm.Engine.Persistence;
using Qxm.Engine.Provenance;
using Qxm.Engine.Resilience;
using Qxm.Engine.Scheduling;
using Qxm.Engine.Security;
using Qxm.Engine.Submission;
using Qxm.Engine.Tenancy;
using Qxm.Engine.Vendors;

namespace Qxm.Engine;

/// <summary>The engine wired over its ports: the service clients call and the workers that execute runs.</summary>
public sealed class QxmEngine : IDisposable
{
    private readonly EngineStores _stores;
    private readonly IBackendRegistry _backends;
    private readonly EngineOptions _options;
    private readonly TimeProvider _time;
    private readonly TenantCatalog _tenants;
    private readonly ResultIngestor _ingestor;
    private readonly ArtifactSpooler? _spooler;
    private readonly Dispatcher _dispatcher;
    private readonly FailoverMonitor? _failover;
    private readonly WorkSignal _signal = new();
    private readonly RunningRuns _running = new();
    private readonly ResilienceOptions _resilience;
    private readonly BackendPipelines _pipelines;
    private readonly BackendCalls _calls;
    private readonly RunOutcomes _outcomes;
    private readonly RemoteJobs _remote;
    private readonly DispatchLogger _logger = new();
    private readonly CalibrationBinder _binder;
    private readonly CalibrationMonitor _monitor;

    public QxmEngine(
        EngineStores stores,
        IBackendRegistry backends,
        EngineOptions options,
        TimeProvider time,
        TenantCatalog? tenants = null,
        SchedulingOptions? scheduling = null,
        CalibrationOptions? calibration = null,
        ResilienceOptions? resilience = null,
        ILoggerFactory? loggers = null)
    {
        ArgumentNullException.ThrowIfNull(stores);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        calibration ??= new CalibrationOptions();
        calibration.Validate();
        var calibrationStores = stores.Calibration
            ?? throw new ArgumentException("the stores must include calibration history, drift events and holds", nameof(stores));
        _resilience = resilience ?? new ResilienceOptions();
        _resilience.Validate();
        if (loggers is not null)
        {
            _logger.Attach(loggers);
        }

        scheduling ??= new SchedulingOptions();
        tenants ??= TenantCatalog.Default;
        _stores = stores;
        _backends = backends;
        _options = options;
        _time = time;
        _tenants = tenants;
        _spooler = stores.Spool is { } spool ? new ArtifactSpooler(spool, stores.Artifacts is SpooledArtifacts spooled ? spooled.Inner : stores.Artifacts, time, _logger) : null;
        _ingestor = new ResultIngestor(stores.Results, stores.Artifacts, stores.Spool, _spooler);
        Health = new BackendHealthBoard(time);
        _dispatcher = new Dispatcher(stores.Leases, stores.Reservations, stores.BackendControls, new SchedulingPolicy(scheduling), scheduling, tenants.Weights, options, time, BreakerOpen, stores.Sessions)
        {
            Executing = _running.Contains,
        };
        Sessions = stores.Sessions is { } sessionStore
            ? new Loops.SessionService(sessionStore, backends, time, _dispatcher.Invalidate)
            {
                // Read at each call: TenantBackends is set after construction.
                ForTenant = (backend, tenant, token) => TenantBackends is { } perTenant ? perTenant.ForAsync(backend, tenant, token) : Task.FromResult(backend),
            }
            : null;
        var history = new CalibrationHistory(calibrationStores, stores.Artifacts, calibration, time, ReleasedHeldRuns);
        _binder = new CalibrationBinder(history, calibrationStores, stores.Runs, time);
        _monitor = new CalibrationMonitor(backends, history, calibration, time);
        Calibration = new CalibrationService(backends, history, calibrationStores, time, ReleasedHeldRuns);
        _pipelines = new BackendPipelines(_resilience, Health, time, _logger);
        _calls = new BackendCalls(_pipelines, stores.BackendJobs, stores.Artifacts, _resilience, time) { Fence = stores.SubmitFence };
        _outcomes = new RunOutcomes(stores.Runs, _ingestor, _calls, time, _logger, new ExecutionRecorder(stores.Provenance, stores.Artifacts, time, HostFacts.Current)) { Costs = stores.Costs, Endings = Endings };
        Costs = new Costs.StoredCostReports(stores.Costs);
        _remote = new RemoteJobs($"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}:remote", stores.BackendJobs, _calls, _outcomes, _running, options, time, _logger);
        _failover = stores.Failovers is { } failovers
            ? new FailoverMonitor(failovers, stores.Runs, backends, Health, options, time, ReleasedHeldRuns, _logger)
            : null;
        _outcomes.FailOver = _failover is null ? null : _failover.FailOverFailedAsync;
        _calls.GiveUpForFailover = _failover is null ? null : _failover.ShouldFailOverAsync;
        var submission = new SubmissionService(stores.Runs, stores.Artifacts, backends, tenants, options, time, _signal.Notify, _logger);
        Service = new Caching.CachingRunService(
            new RunService(submission, stores.Runs, stores.Results, stores.BackendJobs, stores.BackendControls, backends, Health, _running, _binder, time, stores.Failovers),
            new Caching.ResultCache(stores.Runs, stores.Results, stores.Provenance, stores.Calibration, backends, time));
        Queue = new QueueService(_dispatcher, stores.Reservations, stores.BackendControls, backends, tenants, time);
        Ownership = new RunOwnership(stores.Runs);
    }

    public IRunService Service { get; }

    /// <summary>Announces the end of every run this process's workers execute (see <see cref="Loops.LoopDriver.PollingWait"/>).</summary>
    public RunEndings Endings { get; } = new();

    /// <summary>Per-tenant vendor credentials at dispatch (decision 0026); null signs every run in as its backend.</summary>
    public TenantBackends? TenantBackends { get; init; }

    public IQueueService Queue { get; }

    /// <summary>Each backend's circuit breaker state as this instance sees it.</summary>
    internal BackendHealthBoard Health { get; }

    /// <summary>Sends the dispatch path's log (failures with their run ids, breaker changes) to the host's logging.</summary>
    public void UseLogging(ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(loggers);
        _logger.Attach(loggers);
    }

    public ICalibrationService Calibration { get; }

    /// <summary>Runs' costs summed for chargeback, every tenant's: the API scopes it to the caller's tenant.</summary>
    public ICostReports Costs { get; }

    /// <summary>Reruns and comparisons of the runs <paramref name="visible"/> lets its caller see, submitted through it.</summary>
    public IReproduceService ReproduceFor(IRunService visible) =>
        new Reproduction.ReproduceService(visible, _stores.Runs, _stores.Artifacts,
            _stores.Provenance ?? throw new InvalidOperationException("reproduce needs a store that records run links"), _time);

    /// <summary>Provenance of the runs <paramref name="visible"/> lets its caller see: the API and the CLI pass their
    /// authorized service and their tenant, so a record is found exactly when its run is.</summary>
    public IProvenanceService ProvenanceFor(IRunService visible, string? tenant) =>
        new ProvenanceService(visible, tenant, _stores.Runs, _stores.Results, _stores.Provenance, _stores.Runs as IExperimentVersions);

    /// <summary>Backend sessions; null when the store keeps none.</summary>
    public Loops.SessionService? Sessions { get; }

    /// <summary>Who submitted each run, for the decision on who may cancel it.</summary>
    public IRunOwnership Ownership { get; }

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

        workers.Add(Task.Run(() => _monitor.RunAsync(cancellationToken), CancellationToken.None));
        if (_spooler is not null)
        {
            workers.Add(Task.Run(() => SweepSpoolAsync(_spooler, cancellationToken), CancellationToken.None));
        }

        QxmTelemetry.Dispatch.WorkerLimit.Add(_options.Workers);
        try
        {
            await Task.WhenAll(workers);
        }
        finally
        {
            QxmTelemetry.Dispatch.WorkerLimit.Add(-_options.Workers);
            if (_spooler is not null)
            {
                // The workers have stopped: what they spooled is written out before the host goes.
                await _spooler.CompleteAsync();
            }
        }
    }

    /// <summary>Writes out results' documents left in the spool by a process that died before writing them (decision
    /// 0043): at the start, then every <see cref="ArtifactSpooler.SweepAge"/>.</summary>
    private async Task SweepSpoolAsync(ArtifactSpooler spooler, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (await spooler.SweepAsync(cancellationToken))
                {
                    continue;
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // Sweeping is catch-up work: a failure is logged and the next sweep tries again.
            catch (Exception e)
#pragma warning restore CA1031
            {
                EngineLog.SpoolSweepFailed(_logger, e);
            }

            await Task.Delay(ArtifactSpooler.SweepAge, _time, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
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

    /// <summary>Records every calibrated backend's snapshot in effect now, running drift detection over it (the workers'
    /// host does this every <see cref="CalibrationOptions.Poll"/>).</summary>
    public Task PollCalibrationsAsync(CancellationToken cancellationToken) => _monitor.PollOnceAsync(cancellationToken);

    /// <summary>Executes at most one queued run on the caller's task; false when nothing was queued.</summary>
    public Task<bool> RunOnceAsync(string workerId, CancellationToken cancellationToken) =>
        CreateWorker(workerId).RunOnceAsync(cancellationToken);

    public void Dispose()
    {
        _remote.Dispose();
        _pipelines.Dispose();
        _dispatcher.Dispose();
        _signal.Dispose();
    }

    private RunWorker CreateWorker(string workerId) =>
        new(workerId, _stores.Leases, _dispatcher, _running, _calls, _outcomes, _remote, _backends, _signal, _options, _resilience, _time, _binder, DeadlineFor, _logger)
        {
            Failover = _failover,
            TenantBackends = TenantBackends,
            Failovers = _stores.Failovers,
            Sessions = _stores.Sessions,
        };

    /// <summary>A backend whose breaker opened less than a break ago gets no new dispatches: its runs wait in the queue
    /// (where they can fail over) instead of in retries; after the break one claim probes it.</summary>
    private bool BreakerOpen(string backend) =>
        Health.Get(backend) is { State: Domain.Backends.BackendAvailability.Unavailable } health && _time.GetUtcNow() - health.Since < _resilience.BreakDuration;

    private TimeSpan DeadlineFor(string tenant) =>
        _tenants.TryGet(tenant, out var found) && found.RunDeadline is { } deadline ? deadline : _options.RunDeadline;

    /// <summary>Released runs are queued again under their old sequence numbers: make dispatchers re-read the queue.</summary>
    private void ReleasedHeldRuns()
    {
        _dispatcher.Invalidate();
        _signal.Notify();
    }
}
