using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Qxm.Domain.Loops;
using Qxm.Engine.Hooks;
using Qxm.Engine.Loops;
using Qxm.Server.Composition;

namespace Qxm.Server.Hosting;

/// <summary>Drives the optimizer loops submitted to this server (<c>POST /api/v1/loops</c>), next to the workers that
/// execute their runs, so an iteration's result reaches the optimizer without crossing the network. On start it takes up
/// every loop left running by a stop or a crash: the driver replays its stored evaluations and goes on from there. Two
/// instances that both take up a loop submit each of its runs once (one idempotency key per evaluation) and store each
/// evaluation once.</summary>
internal sealed partial class LoopService(
    QxmRuntime runtime, ServerOptions options, IHostApplicationLifetime lifetime, IConfiguration configuration, LoopLatencies latencies, ILogger<LoopService> logger)
    : BackgroundService
{
    /// <summary>How long a loop's wait for its run backs off to, once the run has taken longer than a quick simulation.</summary>
    private static readonly TimeSpan LongestPoll = TimeSpan.FromMilliseconds(50);

    private readonly Dictionary<string, Task> _driving = new(StringComparer.Ordinal);

    public LoopDriver Driver { get; } = new(runtime.Service, runtime.Loops, LoopDriver.PollingWait(runtime.Service, LongestPoll, runtime.Engine.Endings), TimeProvider.System)
    {
        Latency = latencies.Record,
        Progress = LoopDriver.HoldAfterEvaluation(configuration[LoopDriver.HoldAfterEvaluationSetting]),
        ObjectiveHook = new ObjectiveHook(new HookRunner(), runtime.Artifacts, HookAllowlist.Of(options.AllowedHooks), TimeProvider.System),
    };

    /// <summary>Drives the loop in the background until it ends or the server stops; nothing when it is already driven here.</summary>
    public void Start(string loopId)
    {
        lock (_driving)
        {
            if (!_driving.ContainsKey(loopId))
            {
                _driving[loopId] = Task.Run(() => DriveAsync(loopId, lifetime.ApplicationStopping), CancellationToken.None);
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        foreach (var loop in await runtime.Loops.ListLoopsAsync(LoopState.Running, 10_000, stoppingToken))
        {
            LogResumed(logger, loop.Id, loop.Evaluations);
            Start(loop.Id);
        }

        await Task.Delay(Timeout.Infinite, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        Task[] driving;
        lock (_driving)
        {
            driving = [.. _driving.Values];
        }

        await Task.WhenAll(driving);
    }

    private async Task DriveAsync(string loopId, CancellationToken stopping)
    {
        try
        {
            var ended = await Driver.DriveAsync(loopId, stopping);
            LogEnded(logger, ended.Id, ended.State, ended.Evaluations, ended.Reason ?? "");
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The server is stopping: the loop stays Running, and the next start takes it up where its evaluations end.
        }
#pragma warning disable CA1031 // The loop's own top level: a bug or a store failure ends this loop, recorded and logged once, never the server.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogFailed(logger, loopId, e);
            await runtime.Loops.FinishLoopAsync(loopId, LoopState.Failed, $"the server could not drive the loop: {e.GetType().Name}: {e.Message}",
                DateTimeOffset.UtcNow, CancellationToken.None);
        }
        finally
        {
            lock (_driving)
            {
                _driving.Remove(loopId);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Loop {LoopId} taken up after {Evaluations} evaluations")]
    private static partial void LogResumed(ILogger logger, string loopId, int evaluations);

    [LoggerMessage(Level = LogLevel.Information, Message = "Loop {LoopId} ended {State} after {Evaluations} evaluations: {Reason}")]
    private static partial void LogEnded(ILogger logger, string loopId, LoopState state, int evaluations, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Loop {LoopId} failed in the server")]
    private static partial void LogFailed(ILogger logger, string loopId, Exception exception);
}
