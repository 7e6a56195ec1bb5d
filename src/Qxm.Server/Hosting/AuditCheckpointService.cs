using Microsoft.Extensions.Hosting;
using Qxm.Server.Composition;

namespace Qxm.Server.Hosting;

/// <summary>Signs the audit chain's head into the checkpoint log every checkpoint interval while the server runs, so a
/// deleted tail is detected for every event older than one interval.</summary>
internal sealed class AuditCheckpointService(QxmRuntime runtime) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        runtime.Checkpointer.RunAsync(runtime.AuditOptions.CheckpointInterval, stoppingToken);
}
