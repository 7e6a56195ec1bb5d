using Microsoft.Extensions.Hosting;
using Qxm.Engine.Diagnostics;
using Qxm.Server.Composition;

namespace Qxm.Server.Telemetry;

/// <summary>Reads the queue per backend and tenant from the store on a period, for the queue gauges, and publishes the
/// backends' configured status. A failed read keeps the last sample: the store's health has its own probe.</summary>
internal sealed class QueueSampler(QxmRuntime runtime, ServerOptions options, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        foreach (var backend in await runtime.Service.ListBackendsAsync(stoppingToken))
        {
            BackendHealth.SetStatus(backend.Id, backend.Status.ToString().ToLowerInvariant());
        }

        using var timer = new PeriodicTimer(options.QueueSampleInterval, time);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                QxmTelemetry.Queues.Sample = await runtime.Telemetry.SampleQueueAsync(stoppingToken);
            }
            catch (Exception e) when (e is System.Data.Common.DbException or IOException or InvalidOperationException)
            {
                // The readiness probe reports a store that does not answer; the gauges keep their last values.
            }

            try
            {
                await timer.WaitForNextTickAsync(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
