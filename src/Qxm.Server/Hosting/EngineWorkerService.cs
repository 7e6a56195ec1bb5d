using Microsoft.Extensions.Hosting;
using Qxm.Server.Composition;

namespace Qxm.Server.Hosting;

/// <summary>Executes queued runs for as long as the server runs, including those queued before it started.</summary>
internal sealed class EngineWorkerService(QxmRuntime runtime) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => runtime.Engine.RunWorkersAsync(stoppingToken);
}
