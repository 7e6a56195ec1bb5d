using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Qxm.Engine;
using Qxm.Server.Composition;

namespace Qxm.Server.Hosting;

/// <summary>Runs artifact retention every <see cref="EngineOptions.RetentionInterval"/>; a failing pass (the store down)
/// is logged and tried again at the next one.</summary>
internal sealed partial class RetentionService(QxmRuntime runtime, EngineOptions options, ILogger<RetentionService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.RetentionInterval);
        try
        {
            do
            {
                await RunPassAsync(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The server is stopping.
        }
    }

    private async Task RunPassAsync(CancellationToken stoppingToken)
    {
        try
        {
            var deleted = await runtime.Retention.RunOnceAsync(stoppingToken);
            if (deleted > 0)
            {
                LogDeleted(logger, deleted);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            // Retention is housekeeping: any failure waits for the next pass, the server goes on.
            LogFailed(logger, e.GetType().Name, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention deleted {Count} orphaned artifacts")]
    private static partial void LogDeleted(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Retention pass failed, trying again at the next: {Kind}: {Reason}")]
    private static partial void LogFailed(ILogger logger, string kind, string reason);
}
