using System.Globalization;

namespace Qxm.Storage.Relational;

/// <summary>Synthetic runs for the search benchmark, generated inside the database (a recursive series, one statement
/// per batch) so a million rows take seconds rather than a million round trips. Only ever called on a scratch store.</summary>
public abstract partial class RelationalStore
{
    /// <summary>The shape of the synthetic data, for the benchmark's queries to pick matching filters.</summary>
    public const int SyntheticTenants = 10;

    public const int SyntheticNames = 1000;

    public const int SyntheticTags = 50;

    public const int SyntheticSubmitters = 25;

    public const int SyntheticFingerprints = 100;

    /// <summary>Adds <paramref name="count"/> finished runs, one a second from <paramref name="start"/>, spread over
    /// <see cref="SyntheticTenants"/> tenants, names, tags, submitters, three backends and two states (one run in twenty
    /// failed), each with its first transition naming its submitter. Names, tags and submitters cycle at different
    /// strides of the run number over ten, so every tenant has runs of every one of them.</summary>
    public async Task FillSyntheticRunsAsync(int count, DateTimeOffset start, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        const int Batch = 100_000;
        var at = start.ToUnixTimeMilliseconds();
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using (var transaction = await BeginWriteAsync(connection, cancellationToken))
        {
            for (var f = 0; f < SyntheticFingerprints; f++)
            {
                await ExecuteAsync(connection, transaction, cancellationToken,
                    """
                    INSERT INTO experiments (fingerprint, name, spec_json, circuit_artifact, created_at) VALUES (@f, @name, '{}', @artifact, @at)
                    ON CONFLICT (fingerprint) DO NOTHING
                    """,
                    ("@f", $"bench-f{f.ToString(CultureInfo.InvariantCulture)}"), ("@name", $"exp-{f.ToString(CultureInfo.InvariantCulture)}"),
                    ("@artifact", new string('0', 64)), ("@at", at));
            }

            await transaction.CommitAsync(cancellationToken);
        }

        for (var first = 0; first < count; first += Batch)
        {
            var last = Math.Min(count, first + Batch) - 1;
            await using var transaction = await BeginWriteAsync(connection, cancellationToken);
            await ExecuteAsync(connection, transaction, cancellationToken,
                $"""
                WITH RECURSIVE g(i) AS (SELECT @first UNION ALL SELECT i + 1 FROM g WHERE i < @last)
                INSERT INTO runs (id, tenant, name, fingerprint, backend, shots, sweep_points, state, priority, seed, tags, attempts,
                                  error, diagnostics, created_at, updated_at)
                SELECT 'r-bench-' || CAST(1000000000 + i AS TEXT),
                       'bench-' || CAST(i % {SyntheticTenants} AS TEXT),
                       'exp-' || CAST((i / 10) % {SyntheticNames} AS TEXT),
                       'bench-f' || CAST((i / 10) % {SyntheticFingerprints} AS TEXT),
                       CASE i % 3 WHEN 0 THEN 'sim.statevector' WHEN 1 THEN 'sim.noisy' ELSE 'fake.square9' END,
                       100, 1,
                       CASE WHEN (i / 10) % 20 = 0 THEN 'Failed' ELSE 'Succeeded' END,
                       'normal', i, '["t' || CAST((i / 10) % {SyntheticTags} AS TEXT) || '","bench"]', 1, NULL, '[]',
                       @at + i * 1000, @at + i * 1000 + 500
                FROM g
                """,
                ("@first", (long)first), ("@last", (long)last), ("@at", at));
            await ExecuteAsync(connection, transaction, cancellationToken,
                $"""
                WITH RECURSIVE g(i) AS (SELECT @first UNION ALL SELECT i + 1 FROM g WHERE i < @last)
                INSERT INTO run_transitions (run_id, seq, from_state, to_state, at, actor, reason)
                SELECT 'r-bench-' || CAST(1000000000 + i AS TEXT), 1, 'Submitted', 'Validated', @at + i * 1000,
                       'user-' || CAST((i / 30) % {SyntheticSubmitters} AS TEXT), NULL
                FROM g
                """,
                ("@first", (long)first), ("@last", (long)last), ("@at", at));
            await transaction.CommitAsync(cancellationToken);
            progress?.Report(last + 1);
        }

        // Fresh planner statistics, so plans see the new row counts as a long-lived store's would.
        await ExecuteAsync(connection, null, cancellationToken, SettleAfterBulkLoadSql);
    }

    /// <summary>What a store runs after a bulk load so it is measured as a settled store, not one with the load's
    /// housekeeping still ahead of it: fresh statistics everywhere; a dialect may add more.</summary>
    protected virtual string SettleAfterBulkLoadSql => "ANALYZE";
}
