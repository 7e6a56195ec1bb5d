using Microsoft.Extensions.Hosting;
using Qxm.Domain.Backends;
using Qxm.Engine.Diagnostics;
using Qxm.Server.Composition;

namespace Qxm.Server.Telemetry;

/// <summary>Reads the queue per backend and tenant from the store on a period, for the queue gauges, and publishes the
/// backends' status and breaker state. A failed read keeps the last sample: the store's health has its own probe.</summary>
internal sealed class QueueSampler(QxmRuntime runtime, ServerOptions options, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.QueueSampleInterval, time);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await PublishBackendsAsync(stoppingToken);
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

    /// <summary>Each backend's status, an operator's drain or hold taking precedence over the configured status, and
    /// its breaker (set here too so a backend whose breaker never moved still reads closed).</summary>
    private async Task PublishBackendsAsync(CancellationToken cancellationToken)
    {
        foreach (var backend in await runtime.Service.ListBackendsAsync(cancellationToken))
        {
            var status = backend.Control?.Mode switch
            {
                BackendControlMode.Draining => "draining",
                BackendControlMode.Held => "held",
                _ => backend.Status.ToString().ToLowerInvariant(),
            };
            BackendGauges.SetStatus(backend.Id, status);
            BackendGauges.SetBreakerState(backend.Id, backend.Health?.State switch
            {
                BackendAvailability.Unavailable => "open",
                BackendAvailability.Degraded => "half_open",
                _ => "closed",
            });
        }
    }
}
