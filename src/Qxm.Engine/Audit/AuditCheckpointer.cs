using Qxm.Domain.Audit;
using Qxm.Engine.Persistence;

namespace Qxm.Engine.Audit;

/// <summary>Signs the chain's head into the checkpoint log whenever it has moved since this process last did.</summary>
public sealed class AuditCheckpointer(IAuditLog log, IAuditCheckpointLog checkpoints, AuditCheckpointSigner signer, TimeProvider time) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private long _signed;

    /// <summary>Signs the current head unless this process already signed it; null when there was nothing new.</summary>
    public async Task<AuditCheckpoint?> CheckpointAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (await log.GetHeadAsync(cancellationToken) is not AuditEvent head || head.Position <= _signed)
            {
                return null;
            }

            var checkpoint = signer.Sign(head.Position, head.Hash, time.GetUtcNow());
            await checkpoints.AppendAsync(checkpoint, cancellationToken);
            _signed = head.Position;
            return checkpoint;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Checkpoints every <paramref name="interval"/> until cancelled.</summary>
    public async Task RunAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(interval, time, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (!cancellationToken.IsCancellationRequested)
            {
                await CheckpointAsync(cancellationToken);
            }
        }
    }

    public void Dispose() => _gate.Dispose();
}
