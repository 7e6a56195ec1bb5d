using Qxm.Cli.Remote;
using Qxm.Domain.Runs;
using Qxm.Engine;
using Qxm.Engine.Api;
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
        Service = new TenantScopedRunService((IRunService?)runtime?.Service ?? remote!, tenant);
        Queue = (IQueueService?)runtime?.Engine.Queue ?? remote!;
        Calibration = (ICalibrationService?)runtime?.Engine.Calibration ?? remote!;
    }

    public IRunService Service { get; }

    public IQueueService Queue { get; }

    public ICalibrationService Calibration { get; }

    public static async Task<ServiceConnection> OpenAsync(CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Server is { } server)
        {
            return new ServiceConnection(null, new HttpRunService(server, context.Tenant), context.Tenant);
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
