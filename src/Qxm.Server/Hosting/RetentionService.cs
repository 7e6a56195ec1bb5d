using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Qxm.Engine;
using Qxm.Server.Composition;

namespace Qxm.Server.Hosting;

/// <summary>Runs retention (the tenants' policies and orphaned artifacts, <see cref="Engine.Retention.RetentionCollector"/>)
/// every <see cref="EngineOptions.RetentionInterval"/> on the host's clock; a failing pass (the store down) is logged and
/// tried again at the next one.</summary>
internal sealed partial class RetentionService(QxmRuntime runtime, EngineOptions options, TimeProvider time, ILogger<RetentionService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.RetentionInterval, time);
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
            var report = await runtime.Collector.CollectAsync(dryRun: false, stoppingToken);
            foreach (var line in report.Lines)
            {
                LogCollected(logger, line.Kind, line.Tenant ?? "-", line.Runs, line.Artifacts, line.Bytes);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            // Retention is housekeeping: any failure waits for the next pass, the server goes on.
            LogFailed(logger, e.GetType().Name, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention {Kind} for tenant {Tenant}: {Runs} runs, {Artifacts} artifacts, {Bytes} bytes")]
    private static partial void LogCollected(ILogger logger, string kind, string tenant, int runs, int artifacts, long bytes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Retention pass failed, trying again at the next: {Kind}: {Reason}")]
    private static partial void LogFailed(ILogger logger, string kind, string reason);
}
