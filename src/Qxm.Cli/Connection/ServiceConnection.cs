using Qxm.Client;
using Qxm.Client.Wire;
using Qxm.Cli.Remote;
using Qxm.Domain.Loops;
using Qxm.Domain.Runs;
using Qxm.Engine.Loops;
using Qxm.Engine.Persistence;
using Qxm.Engine;
using Qxm.Engine.Api;
using Qxm.Engine.Events;
using Qxm.Server.Endpoints;
using Qxm.Engine.Audit;
using Qxm.Engine.Security;
using Qxm.Domain.Security;
using Qxm.Server.Composition;

namespace Qxm.Cli.Connection;

/// <summary>The engine a command talks to: embedded (the data directory opened in this process) or a running
/// <c>qxm serve</c> over HTTP. Commands see one <see cref="IRunService"/> either way.</summary>
internal sealed class ServiceConnection : IAsyncDisposable
{
    private static readonly TimeSpan EmbeddedPoll = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan RemotePoll = TimeSpan.FromMilliseconds(200);

    private readonly QxmRuntime? _runtime;
    private readonly HttpRunService? _remote;

    private ServiceConnection(QxmRuntime? runtime, HttpRunService? remote, string tenant)
    {
        _runtime = runtime;
        _remote = remote;
        if (runtime is not null)
        {
            // Embedded, the caller can open the data directory and so already owns everything in it: the local admin.
            var caller = new Caller(Principal.LocalAdmin, tenant);
            Service = new AuthorizedRunService(runtime.Service, caller, runtime.Engine.Ownership, AccessAudit.None, TimeProvider.System);
            Queue = runtime.QueueFor(Principal.LocalAdmin.Name, Principal.LocalAdmin.Name);
            Keys = new AuthorizedKeyAdministration(runtime.Keys, caller, AccessAudit.None, TimeProvider.System);
            TenantCredentials = new AuthorizedTenantCredentials(runtime.CredentialsFor("cli", Principal.LocalAdmin.Name), caller, AccessAudit.None, TimeProvider.System);
            Audit = runtime.Audit;
            Calibration = runtime.Engine.Calibration;
            Sessions = runtime.Engine.Sessions is { } sessions ? new TenantSessions(sessions, tenant) : null;
            Costs = runtime.Engine.Costs;
            Provenance = runtime.Engine.ProvenanceFor(Service, tenant);
            Reproduce = runtime.Engine.ReproduceFor(Service);
            Retention = runtime.Collector;
            Bundles = runtime.BundlesFor(Service, tenant, Principal.LocalAdmin.Name);
        }
        else
        {
            Service = new TenantScopedRunService(remote!, tenant);
            Queue = remote!;
            Keys = remote!;
            TenantCredentials = remote!;
            Audit = remote!;
            Calibration = remote!;
            Sessions = remote!;
            Costs = remote!;
            Provenance = remote!;
            Reproduce = remote!;
            Retention = remote!;
        }
    }

    public IRunService Service { get; }

    /// <summary>The data directory's artifact store; null over <c>--server</c>.</summary>
    public IArtifactStore? Artifacts => _runtime?.Artifacts;

    /// <summary>Talking to a <c>qxm serve</c> rather than the data directory.</summary>
    public bool IsRemote => _runtime is null;

    /// <summary>The server's API for what has no embedded counterpart in <see cref="Service"/> (server-driven loops); null embedded.</summary>
    public HttpRunService? Remote => _remote;

    public IQueueService Queue { get; }

    public ICalibrationService Calibration { get; }

    /// <summary>The acting tenant's backend sessions; null embedded over a store that keeps none.</summary>
    public ISessionService? Sessions { get; }

    public IProvenanceService Provenance { get; }

    public IReproduceService Reproduce { get; }

    /// <summary>Export and import of bundles: embedded only, since a bundle is a file on this machine; null over <c>--server</c>.</summary>
    public Engine.Bundles.BundleService? Bundles { get; }

    /// <summary>Retention passes: this data directory's embedded (as the local admin), else the server's.</summary>
    public IRetentionService Retention { get; }

    public IAuditService Audit { get; }

    public ICostReports Costs { get; }

    public IKeyAdministration Keys { get; }

    /// <summary>Per-tenant vendor credential references (admins).</summary>
    public Engine.Vendors.ITenantCredentials TenantCredentials { get; }

    /// <param name="store">Embedded only: a PostgreSQL connection string instead of the global <c>--store</c>, <c>$QXM_STORE</c> or the data directory's SQLite.</param>
    /// <param name="audit">Embedded only: where the audit key and checkpoint log are, when not in the data directory.</param>
    /// <param name="archive">Embedded only: the archive tier, when not <c>$QXM_ARCHIVE</c>.</param>
    public static async Task<ServiceConnection> OpenAsync(
        CommandContext context, CancellationToken cancellationToken, string? store = null, AuditOptions? audit = null, string? archive = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Server is { } server)
        {
            var key = Credentials.Resolve(context.Credentials, Environment.GetEnvironmentVariable);
            return new ServiceConnection(null, new HttpRunService(server, context.Tenant, key), context.Tenant);
        }

        var runtime = await QxmRuntime.OpenAsync(context.Home, new EngineOptions(), cancellationToken, store ?? context.Store, audit: audit, archiveLocation: archive);
        return new ServiceConnection(runtime, null, context.Tenant);
    }

    /// <summary>Waits until the run ends. Embedded, this process executes the queue meanwhile, so <c>qxm run</c> needs
    /// nothing else running; remote, the server does.</summary>
    public async Task<Run> WaitAsync(string runId, Action<Run> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(progress);
        if (_runtime is null)
        {
            return await PollAsync(runId, progress, RemotePoll, cancellationToken);
        }

        using var stopWorkers = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var workers = _runtime.Engine.RunWorkersAsync(stopWorkers.Token);
        try
        {
            return await PollAsync(runId, progress, EmbeddedPoll, cancellationToken);
        }
        finally
        {
            await stopWorkers.CancelAsync();
            await workers;
        }
    }

    /// <summary>A loop and its trace from the data directory; null when there is none (or over <c>--server</c>).</summary>
    public async Task<Rendering.LoopOutput?> GetLoopAsync(string loopId, CancellationToken cancellationToken) =>
        _runtime is not null && await _runtime.Loops.GetLoopAsync(loopId, cancellationToken) is { } loop
            ? new Rendering.LoopOutput(loop, await _runtime.Loops.ListEvaluationsAsync(loopId, cancellationToken))
            : null;

    /// <summary>Embedded: the data directory's loops, driven in this process while <paramref name="body"/> runs, with this
    /// process's workers executing the runs. Null over <c>--server</c>.</summary>
    public async Task<T?> WithLoopsAsync<T>(
        Func<LoopDriver, ILoopStore, Task<T?>> body, Action<LoopRecord, LoopEvaluation>? progress, Action<TimeSpan>? latency, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(body);
        if (_runtime is null)
        {
            return null;
        }

        using var stopWorkers = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var workers = _runtime.Engine.RunWorkersAsync(stopWorkers.Token);
        try
        {
            var driver = new LoopDriver(Service, _runtime.Loops, LoopDriver.PollingWait(Service, EmbeddedPoll, _runtime.Engine.Endings), TimeProvider.System)
            {
                Progress = progress,
                Latency = latency,
                // Embedded, the hook runs on the user's machine with the user's rights, as qxm run's hooks do.
                ObjectiveHook = new Engine.Hooks.ObjectiveHook(new Engine.Hooks.HookRunner(), _runtime.Artifacts, Engine.Hooks.HookAllowlist.Any, TimeProvider.System),
            };
            return await body(driver, _runtime.Loops);
        }
        finally
        {
            await stopWorkers.CancelAsync();
            await workers;
        }
    }

    /// <summary>Embedded, executes the data directory's queue until the returned handle is disposed, so that following
    /// a submitted run sees it end; remote, the server does, and this does nothing.</summary>
    public IAsyncDisposable ExecuteQueue(CancellationToken cancellationToken) =>
        _runtime is null ? new QueueExecution(null, Task.CompletedTask) : QueueExecution.Start(_runtime, cancellationToken);

    /// <summary>Polls the run until it ends, executing nothing itself: for callers that hold <see cref="ExecuteQueue"/>
    /// across several runs, since stopping workers between runs would leave a claimed run to wait out its lease.</summary>
    public Task<Run> PollUntilFinishedAsync(string runId, CancellationToken cancellationToken) =>
        PollAsync(runId, _ => { }, _runtime is null ? RemotePoll : EmbeddedPoll, cancellationToken);

    /// <summary>Follows the event log after <paramref name="after"/> until <paramref name="onEvent"/> returns false: the
    /// server's stream (reconnecting without loss), or embedded, the data directory's log read as it grows.</summary>
    public async Task FollowEventsAsync(EventFilter filter, long after, Func<EventView, bool> onEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(onEvent);
        if (_remote is not null)
        {
            await foreach (var view in _remote.Client.EventsAsync(new EventQuery(filter.RunId, filter.Backend, filter.Tenant), after, follow: true, cancellationToken))
            {
                if (!onEvent(view))
                {
                    return;
                }
            }

            return;
        }

        var cursor = after;
        while (true)
        {
            var events = await _runtime!.Events.ReadEventsAsync(cursor, filter, 1000, cancellationToken);
            foreach (var e in events)
            {
                cursor = e.Sequence;
                if (!onEvent(EventView.Of(e)))
                {
                    return;
                }
            }

            if (events.Count == 0)
            {
                await Task.Delay(RemotePoll, cancellationToken);
            }
        }
    }

    /// <summary>The SLIs over a window: from the server, or computed here from the data directory's store.</summary>
    public Task<Engine.Slo.SliReport> GetSlisAsync(TimeSpan window, CancellationToken cancellationToken) =>
        _remote is not null
            ? _remote.GetSlisAsync(Engine.Slo.SliWindow.Format(window), cancellationToken)
            : _runtime!.Slis.ComputeAsync(window, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_runtime is not null)
        {
            await _runtime.DisposeAsync();
        }

        _remote?.Dispose();
    }

    private async Task<Run> PollAsync(string runId, Action<Run> progress, TimeSpan interval, CancellationToken cancellationToken)
    {
        while (true)
        {
            var run = await Service.GetAsync(runId, cancellationToken)
                ?? throw new InvalidOperationException($"run '{runId}' disappeared while waiting for it");
            progress(run);
            if (RunLifecycle.IsTerminal(run.State))
            {
                return run;
            }

            await Task.Delay(interval, cancellationToken);
        }
    }
}
