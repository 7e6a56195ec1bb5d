using Qxm.Engine.Persistence;

namespace Qxm.Storage.Relational;

/// <summary>The fence on vendor submits (migration 0019): the run's attempt number checked and the call marked in one
/// transaction, so an attempt whose claim was taken over never reaches the vendor.</summary>
public abstract partial class RelationalStore : ISubmitFence
{
    public async Task<SubmitMark> MarkSubmitAsync(string runId, string backend, int attempt, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var transaction = await BeginWriteAsync(connection, cancellationToken);
        await LockAsync(connection, transaction, "submit:" + runId, cancellationToken);
        if (await ScalarAsync(connection, transaction, "SELECT COUNT(*) FROM runs WHERE id = @run AND attempts = @attempt AND state = 'Running'", cancellationToken,
                ("@run", runId), ("@attempt", attempt)) == 0)
        {
            return new SubmitMark(Fenced: true);
        }

        int? earlier = null;
        DateTimeOffset? began = null;
        await using (var read = Command(connection, transaction,
            "SELECT submit_attempt, submit_began_at FROM backend_jobs WHERE run_id = @run AND backend = @backend AND job_id IS NULL",
            ("@run", runId), ("@backend", backend)))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken) && !reader.IsDBNull(0) && reader.GetInt32(0) != attempt)
            {
                earlier = reader.GetInt32(0);
                began = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1));
            }
        }

        await ExecuteAsync(connection, transaction, cancellationToken,
            "UPDATE backend_jobs SET submit_attempt = @attempt, submit_began_at = @now WHERE run_id = @run AND backend = @backend",
            ("@attempt", attempt), ("@now", _time.GetUtcNow().ToUnixTimeMilliseconds()), ("@run", runId), ("@backend", backend));
        await transaction.CommitAsync(cancellationToken);
        return new SubmitMark(Fenced: false, earlier, began);
    }
}
