using System.Data.Common;
using Qxm.Domain.Runs;
using Qxm.Engine.Persistence;

namespace Qxm.Storage.Relational;

/// <summary>Idempotency keys with their request hash and lifetime, and the journal of artifacts that refused submissions
/// left behind, which retention deletes once nothing references them.</summary>
public abstract partial class RelationalStore : IArtifactOrphans
{
    /// <summary>What an earlier run holding the key means for this create: the same request replays it, another is refused,
    /// and an expired key is taken from the earlier run and the create goes on.</summary>
    private static async Task<CreateStatus> IdempotencyAsync(
        DbConnection connection, DbTransaction transaction, Run earlier, NewRun newRun, CancellationToken cancellationToken)
    {
        if (newRun.KeysIssuedSince is { } since && earlier.CreatedAt < since)
        {
            await ExecuteAsync(connection, transaction, cancellationToken, "UPDATE runs SET idempotency_key = NULL WHERE id = @id", ("@id", earlier.Id));
            return CreateStatus.Created;
        }

        await using var command = Command(connection, transaction, "SELECT request_hash FROM runs WHERE id = @id", ("@id", earlier.Id));
        var stored = await command.ExecuteScalarAsync(cancellationToken) as string;

        // Runs keyed before hashes were stored, or by a caller that sends none, replay as before.
        return stored is null || newRun.RequestHash is null || string.Equals(stored, newRun.RequestHash, StringComparison.Ordinal)
            ? CreateStatus.Duplicate
            : CreateStatus.IdempotencyKeyReused;
    }

    /// <summary>A refused create stores nothing, but notes its circuit artifact (already put) for retention to remove
    /// unless another run comes to reference it.</summary>
    private static async Task<CreateOutcome> RefuseAsync(
        DbConnection connection, DbTransaction transaction, NewRun newRun, CreateOutcome outcome, CancellationToken cancellationToken)
    {
        if (outcome.Status != CreateStatus.Duplicate && newRun.Experiment.CircuitArtifact.Length > 0)
        {
            await ExecuteAsync(connection, transaction, cancellationToken,
                "INSERT INTO artifact_orphans (hash, noted_at) VALUES (@hash, @at) ON CONFLICT (hash) DO NOTHING",
                ("@hash", newRun.Experiment.CircuitArtifact), ("@at", newRun.Run.CreatedAt.ToUnixTimeMilliseconds()));
        }

        return outcome;
    }

    public async Task<IReadOnlyList<OrphanCandidate>> ListOrphansAsync(DateTimeOffset notedBefore, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = Command(connection, null,
            """
            SELECT o.hash,
                   CASE WHEN EXISTS (SELECT 1 FROM experiments e WHERE e.circuit_artifact = o.hash)
                          OR EXISTS (SELECT 1 FROM results r WHERE r.artifact = o.hash) THEN 1 ELSE 0 END
            FROM artifact_orphans o
            WHERE o.noted_at < @before
            ORDER BY o.noted_at
            LIMIT @limit
            """,
            ("@before", notedBefore.ToUnixTimeMilliseconds()), ("@limit", limit));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var candidates = new List<OrphanCandidate>();
        while (await reader.ReadAsync(cancellationToken))
        {
            candidates.Add(new OrphanCandidate(reader.GetString(0), Convert.ToInt64(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture) != 0));
        }

        return candidates;
    }

    public async Task<bool> IsReferencedAsync(string hash, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        return await ScalarAsync(connection, null,
            """
            SELECT CASE WHEN EXISTS (SELECT 1 FROM experiments WHERE circuit_artifact = @hash)
                          OR EXISTS (SELECT 1 FROM results WHERE artifact = @hash) THEN 1 ELSE 0 END
            """,
            cancellationToken, ("@hash", hash)) != 0;
    }

    public async Task ForgetOrphanAsync(string hash, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await ExecuteAsync(connection, null, cancellationToken, "DELETE FROM artifact_orphans WHERE hash = @hash", ("@hash", hash));
    }

    public async Task<long> StoredBytesAsync(string tenant, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        return await ScalarAsync(connection, null, "SELECT COALESCE(SUM(stored_bytes), 0) FROM runs WHERE tenant = @tenant", cancellationToken, ("@tenant", tenant));
    }
}
