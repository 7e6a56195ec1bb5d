using System.Text.Json;
using System.Data.Common;
using System.Threading.Channels;
using Qxm.Domain.Errors;
using Qxm.Domain.Runs;
using Qxm.Domain.Tenancy;
using Qxm.Engine.Persistence;
using Qxm.Storage.Migrations;

namespace Qxm.Storage.Relational;

/// <summary>The dispatchers' view: queued runs, dispatch history and claims under leases.</summary>
public abstract partial class RelationalStore
{
    /// <summary>A kept read (decision 0045): the dispatcher reads the runs queued since its last read before every claim.</summary>
    public Task<IReadOnlyList<QueuedRun>> ListQueuedAsync(long afterSequence, CancellationToken cancellationToken) =>
        ReadKeptAsync(async (statements, token) =>
        {
            await using var reader = await statements.Get(
                """
                SELECT id, tenant, backend, priority, updated_at, seq, CAST(shots AS BIGINT) * sweep_points FROM runs
                WHERE state = 'Queued' AND seq > @after
                  AND NOT EXISTS (SELECT 1 FROM run_drift d WHERE d.run_id = runs.id AND d.held_since IS NOT NULL AND d.released_at IS NULL)
                ORDER BY seq
                """,
                ("@after", afterSequence)).ExecuteReaderAsync(token);
            var queued = new List<QueuedRun>();
            while (await reader.ReadAsync(token))
            {
                queued.Add(new QueuedRun(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)), reader.GetInt64(5), reader.GetInt64(6)));
            }

            return (IReadOnlyList<QueuedRun>)queued;
        }, cancellationToken);

    public async Task<IReadOnlyList<DispatchRecord>> ListDispatchesAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = Command(connection, null,
            """
            SELECT r.tenant, r.backend, t.at, CAST(r.shots AS BIGINT) * r.sweep_points FROM run_transitions t
            JOIN runs r ON r.id = t.run_id
            WHERE t.to_state = 'Running' AND t.at >= @since ORDER BY t.at
            """,
            ("@since", since.ToUnixTimeMilliseconds()));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var dispatches = new List<DispatchRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            dispatches.Add(new DispatchRecord(reader.GetString(0), reader.GetString(1), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)), reader.GetInt64(3)));
        }

        return dispatches;
    }

    public async Task<TimeSpan?> MeanRunTimeAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = Command(connection, null,
            """
            SELECT AVG(CAST(done.at - started.at AS DOUBLE PRECISION)) FROM run_transitions done
            JOIN run_transitions started ON started.run_id = done.run_id AND started.to_state = 'Running' AND started.seq = done.seq - 1
            WHERE done.to_state = 'Succeeded' AND done.at >= @since
            """,
            ("@since", since.ToUnixTimeMilliseconds()));
        var mean = await command.ExecuteScalarAsync(cancellationToken);
        return mean is null or DBNull ? null : TimeSpan.FromMilliseconds(Convert.ToDouble(mean, System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>A claim is a write of the store's group commit: the claims of several workers (and the results and
    /// submissions waiting beside them) share one transaction. The caller always learns what it claimed (a cancelled
    /// caller would otherwise leave a run it claimed held until its lease expires).</summary>
    public Task<ClaimedRun?> ClaimAsync(string runId, string workerId, TimeSpan lease, CancellationToken cancellationToken) =>
        WriteInGroupAsync("claim", async (_, _, statements) =>
        {
            // The group's statements are prepared once for all its claims; the audit events are linked at the group's end.
            var now = _time.GetUtcNow();
            var claimed = await ReadRunsAsync(statements.Get(ClaimSql,
                ("@id", runId), ("@worker", workerId), ("@expires", (now + lease).ToUnixTimeMilliseconds()), ("@now", now.ToUnixTimeMilliseconds())), CancellationToken.None);
            if (claimed.Count == 0)
            {
                return null;
            }

            var run = claimed[0];
            await InsertTransitionAsync(statements, run.Id, run.Tenant, new RunTransition(RunState.Queued, RunState.Running, now, workerId, $"attempt {run.Attempts}"));
            var experiment = await ReadExperimentAsync(statements.Get(ReadExperimentSql, ("@f", run.Fingerprint)), run.Fingerprint, CancellationToken.None)
                ?? throw new QxmException($"run {run.Id} references missing experiment {run.Fingerprint}");
            return (ClaimedRun?)new ClaimedRun(run, experiment);
        }, CancellationToken.None);

    public async Task<bool> RenewLeaseAsync(string runId, string workerId, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        var changed = await ExecuteAsync(connection, null, cancellationToken,
            "UPDATE runs SET lease_expires_at = @expires WHERE id = @id AND lease_owner = @worker AND state = 'Running'",
            ("@expires", (_time.GetUtcNow() + lease).ToUnixTimeMilliseconds()), ("@id", runId), ("@worker", workerId));
        return changed == 1;
    }

    public async Task<int> RequeueExpiredAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        // Every worker asks every poll and almost always finds nothing: a (kept) read answers that without taking the write
        // lock from the group commit.
        if (!await ReadKeptAsync(async (statements, token) => await statements.Get(
                "SELECT 1 FROM runs WHERE state = 'Running' AND lease_expires_at < @now LIMIT 1", ("@now", now.ToUnixTimeMilliseconds()))
                .ExecuteScalarAsync(token) is not null, cancellationToken))
        {
            return 0;
        }

        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var transaction = await BeginWriteAsync(connection, cancellationToken);
        var expired = await QueryRunsAsync(connection, transaction,
            $"""
            UPDATE runs SET state = 'Queued', lease_owner = NULL, lease_expires_at = NULL, updated_at = @now
            WHERE state = 'Running' AND lease_expires_at < @now
            RETURNING {RunColumns}
            """,
            cancellationToken, ("@now", now.ToUnixTimeMilliseconds()));
        await InsertTransitionsAsync(connection, transaction,
            [.. expired.Select(run => (run.Id, run.Tenant,
                new RunTransition(RunState.Running, RunState.Queued, now, "lease-expiry", $"lease of attempt {run.Attempts} expired")))],
            cancellationToken);

        await transaction.CommitAsync(cancellationToken);
        return expired.Count;
    }
}
