using Qxm.Domain.Runs;
using Qxm.Engine.Persistence;

namespace Qxm.Storage.Relational;

/// <summary>Retention's reads of expired runs and the collection of Rejected runs.</summary>
public abstract partial class RelationalStore : IRetentionStore
{
    public async Task<IReadOnlyList<Run>> ListFinishedAsync(
        string tenant, DateTimeOffset finishedBefore, Run? after, int limit, CancellationToken cancellationToken)
    {
        // One index range per finished state, merged: the keyset is (updated_at, id) within the tenant.
        await using var connection = await OpenConnectionAsync(cancellationToken);
        return await QueryRunsAsync(connection, null,
            $"""
            SELECT {RunColumns} FROM runs
            WHERE tenant = @tenant AND state IN ('Succeeded', 'Failed', 'Cancelled') AND updated_at < @before
              AND (updated_at > @after_at OR (updated_at = @after_at AND id > @after_id))
            ORDER BY updated_at, id LIMIT @limit
            """,
            cancellationToken,
            ("@tenant", tenant), ("@before", finishedBefore.ToUnixTimeMilliseconds()),
            ("@after_at", after?.UpdatedAt.ToUnixTimeMilliseconds() ?? long.MinValue), ("@after_id", after?.Id ?? ""),
            ("@limit", Math.Clamp(limit, 1, 10_000)));
    }

    public async Task<IReadOnlyList<Run>> ListRejectedAsync(
        string tenant, DateTimeOffset createdBefore, Run? after, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        return await QueryRunsAsync(connection, null,
            $"""
            SELECT {RunColumns} FROM runs
            WHERE tenant = @tenant AND state = 'Rejected' AND created_at < @before
              AND (created_at > @after_at OR (created_at = @after_at AND id > @after_id))
            ORDER BY created_at, id LIMIT @limit
            """,
            cancellationToken,
            ("@tenant", tenant), ("@before", createdBefore.ToUnixTimeMilliseconds()),
            ("@after_at", after?.CreatedAt.ToUnixTimeMilliseconds() ?? long.MinValue), ("@after_id", after?.Id ?? ""),
            ("@limit", Math.Clamp(limit, 1, 10_000)));
    }

    public async Task<int> CollectRejectedAsync(IReadOnlyList<string> runIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runIds);
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var transaction = await BeginWriteAsync(connection, cancellationToken);
        var collected = 0;
        foreach (var id in runIds)
        {
            await using var read = Command(connection, transaction, "SELECT fingerprint FROM runs WHERE id = @id AND state = 'Rejected'", ("@id", id));
            if (await read.ExecuteScalarAsync(cancellationToken) is not string fingerprint)
            {
                continue;
            }

            // Every row that names the run; a Rejected run never reached a backend, so it has no attempts, results or links.
            foreach (var table in (string[])["run_costs", "run_transitions", "run_links", "run_failover", "run_drift", "run_calibrations"])
            {
                await ExecuteAsync(connection, transaction, cancellationToken, $"DELETE FROM {table} WHERE run_id = @id", ("@id", id));
            }

            collected += await ExecuteAsync(connection, transaction, cancellationToken, "DELETE FROM runs WHERE id = @id AND state = 'Rejected'", ("@id", id));
            await ExecuteAsync(connection, transaction, cancellationToken,
                """
                DELETE FROM experiments WHERE fingerprint = @f AND circuit_artifact = ''
                  AND NOT EXISTS (SELECT 1 FROM runs WHERE fingerprint = @f)
                """,
                ("@f", fingerprint));
        }

        await transaction.CommitAsync(cancellationToken);
        return collected;
    }
}
