using System.Globalization;
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

    /// <summary>Every table that may hold rows naming a Rejected run: its history, cost estimate, links and bindings. It
    /// never reached a backend, so it has no jobs, attempts, executions or result; the tag and submitter indexes go with
    /// the run's row by trigger.</summary>
    private static readonly string[] RejectedRunTables =
        ["run_transitions", "run_costs", "run_links", "run_failover", "run_drift", "run_calibrations"];

    /// <summary>Deletes the listed runs that are still Rejected, with every row that names them and their experiments
    /// when no other run uses them: a few set-based statements for the whole page, inside one write transaction.</summary>
    public async Task<int> CollectRejectedAsync(IReadOnlyList<string> runIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runIds);
        if (runIds.Count == 0)
        {
            return 0;
        }

        var parameters = runIds.Select((id, i) => ("@r" + i.ToString(CultureInfo.InvariantCulture), (object?)id)).ToArray();
        var stillRejected = $"id IN ({string.Join(", ", parameters.Select(p => p.Item1))}) AND state = 'Rejected'";
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var transaction = await BeginWriteAsync(connection, cancellationToken);
        var fingerprints = new List<string>();
        await using (var read = Command(connection, transaction, $"SELECT DISTINCT fingerprint FROM runs WHERE {stillRejected}", parameters))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                fingerprints.Add(reader.GetString(0));
            }
        }

        foreach (var table in RejectedRunTables)
        {
            await ExecuteAsync(connection, transaction, cancellationToken, $"DELETE FROM {table} WHERE run_id IN (SELECT id FROM runs WHERE {stillRejected})", parameters);
        }

        var collected = await ExecuteAsync(connection, transaction, cancellationToken, $"DELETE FROM runs WHERE {stillRejected}", parameters);
        if (fingerprints.Count > 0)
        {
            var prints = string.Join(", ", fingerprints.Select((_, i) => "@f" + i.ToString(CultureInfo.InvariantCulture)));
            await ExecuteAsync(connection, transaction, cancellationToken,
                $"""
                DELETE FROM experiments WHERE fingerprint IN ({prints}) AND circuit_artifact = ''
                  AND NOT EXISTS (SELECT 1 FROM runs WHERE runs.fingerprint = experiments.fingerprint)
                """,
                [.. fingerprints.Select((f, i) => ("@f" + i.ToString(CultureInfo.InvariantCulture), (object?)f))]);
        }

        await transaction.CommitAsync(cancellationToken);
        return collected;
    }
}
