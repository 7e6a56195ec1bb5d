using Qxm.Cli.Remote;
using Qxm.Domain.Runs;
using Qxm.Engine;
using Qxm.Engine.Api;
using Qxm.Engine.Events;
using Qxm.Server.Endpoints;
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
    private readonly Uri? _server;

    private ServiceConnection(QxmRuntime? runtime, HttpRunService? remote, string tenant, Uri? server = null)
    {
        _runtime = runtime;
        _remote = remote;
        _server = server;
        Service = new TenantScopedRunService((IRunService?)runtime?.Service ?? remote!, tenant);
        Queue = (IQueueService?)runtime?.Engine.Queue ?? remote!;
    }

    public IRunService Service { get; }

    public IQueueService Queue { get; }

    public static async Task<ServiceConnection> OpenAsync(CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Server is { } server)
        {
            return new ServiceConnection(null, new HttpRunService(server, context.Tenant), context.Tenant, server);
        }

        var runtime = await QxmRuntime.OpenAsync(context.Home, new EngineOptions(), cancellationToken);
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

    /// <summary>Follows the event log after <paramref name="after"/> until <paramref name="onEvent"/> returns false: the
    /// server's stream (reconnecting without loss), or embedded, the data directory's log read as it grows.</summary>
    public async Task FollowEventsAsync(EventFilter filter, long after, Func<EventView, bool> onEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(onEvent);
        if (_server is not null)
        {
            var query = string.Join('&', new[] { ("run", filter.RunId), ("tenant", filter.Tenant), ("backend", filter.Backend) }
                .Where(p => p.Item2 is not null).Select(p => $"{p.Item1}={Uri.EscapeDataString(p.Item2!)}"));
            await new EventStream(_server, TimeSpan.FromSeconds(1)).FollowAsync(query, after, onEvent, cancellationToken);
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
            : new Engine.Slo.SliService(_runtime!.Telemetry, TimeProvider.System).ComputeAsync(window, cancellationToken);

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
