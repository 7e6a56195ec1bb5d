using Qxm.Server.Composition;

namespace Qxm.Cli.Connection;

/// <summary>The engine's workers running in this process for as long as a command waits on a run.</summary>
internal sealed class QueueExecution : IAsyncDisposable
{
    private readonly CancellationTokenSource? _stop;
    private readonly Task _workers;

    public QueueExecution(CancellationTokenSource? stop, Task workers)
    {
        _stop = stop;
        _workers = workers;
    }

    public static QueueExecution Start(QxmRuntime runtime, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        return new QueueExecution(stop, runtime.Engine.RunWorkersAsync(stop.Token));
    }

    public async ValueTask DisposeAsync()
    {
        if (_stop is null)
        {
            return;
        }

        await _stop.CancelAsync();
        await _workers;
        _stop.Dispose();
    }
}
