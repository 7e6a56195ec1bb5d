using System.Text.Json;
using System.Data.Common;
using System.Threading.Channels;
using Qxm.Domain.Errors;
using Qxm.Domain.Runs;
using Qxm.Domain.Tenancy;
using Qxm.Engine.Persistence;
using Qxm.Storage.Migrations;

namespace Qxm.Storage.Relational;

/// <summary>Submissions: group commit of new runs under the tenants' admission limits.</summary>
public abstract partial class RelationalStore
{
    /// <summary>Submissions arriving together are committed together: the store's one writer drains the waiting creates
    /// (and whatever else waits to be written) into a single transaction, so concurrent clients share one disk flush
    /// instead of queueing for one each. Every caller still gets its answer only after the commit that made its run durable.</summary>
    public Task<CreateOutcome> CreateAsync(NewRun newRun, AdmissionLimits limits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(newRun);
        ArgumentNullException.ThrowIfNull(limits);
        var pending = new PendingCreate(newRun, limits);
        Enqueue(pending);

        // A caller that stops waiting may still find its run stored: submitting again with its idempotency key is safe.
        return pending.Outcome.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Decides every submission of a group inside its transaction, each outcome left on its write.</summary>
    private async Task DecideCreatesAsync(DbConnection connection, DbTransaction transaction, StatementCache statements, IReadOnlyList<PendingCreate> group)
    {
        // Runs with an idempotency key or tenant limits need reads first, one at a time. The others (their tenant has no
        // limits, so no read can depend on them) are written together, in one round trip where the provider batches.
        var plain = new List<NewRun>();

        // Writers of several instances take tenant locks in one order, so they cannot deadlock on them.
        foreach (var tenant in group.Where(p => p.NewRun.IdempotencyKey is not null || !p.Limits.IsNone)
            .Select(p => p.NewRun.Run.Tenant).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            await LockAsync(connection, transaction, "tenant:" + tenant, CancellationToken.None);
        }

        foreach (var pending in group)
        {
            if (pending.NewRun.IdempotencyKey is null && pending.Limits.IsNone)
            {
                plain.Add(pending.NewRun);
                pending.Decided = new CreateOutcome(CreateStatus.Created, pending.NewRun.Run);
            }
            else
            {
                pending.Decided = await CreateInTransactionAsync(connection, transaction, statements, pending.NewRun, pending.Limits, CancellationToken.None);
            }
        }

        await InsertAllAsync(connection, transaction, statements, plain, CancellationToken.None);
        // Linked with the group's other transitions in its one audit append (decision 0045).
        AddCreatedRunsAudit(statements, group.Where(p => p.Decided!.Status == CreateStatus.Created).Select(p => p.NewRun));

        if (group.Any(p => p.Decided!.Status == CreateStatus.Created))
        {
            await AnnounceQueuedAsync(connection, transaction, CancellationToken.None);
        }
    }

    /// <summary>Stores one run inside the group's transaction. Later members of the group see earlier ones, so limits
    /// hold across the group as they would across separate transactions.</summary>
    private async Task<CreateOutcome> CreateInTransactionAsync(
        DbConnection connection, DbTransaction transaction, StatementCache statements, NewRun newRun, AdmissionLimits limits, CancellationToken cancellationToken)
    {
        var run = newRun.Run;
        var experiment = newRun.Experiment;
        await LockAsync(connection, transaction, "tenant:" + run.Tenant, cancellationToken);
        if (newRun.IdempotencyKey is not null)
        {
            var earlier = await ReadRunsAsync(statements.Get(
                $"SELECT {RunColumns} FROM runs WHERE tenant = @tenant AND idempotency_key = @key",
                ("@tenant", run.Tenant), ("@key", newRun.IdempotencyKey)), cancellationToken);
            if (earlier.Count > 0)
            {
                var status = await IdempotencyAsync(connection, transaction, earlier[0], newRun, cancellationToken);
                if (status != CreateStatus.Created)
                {
                    return await RefuseAsync(connection, transaction, newRun, new CreateOutcome(status, status == CreateStatus.Duplicate ? earlier[0] : null), cancellationToken);
                }
            }
        }

        if (limits.MaxQueuedRuns is { } maxQueued &&
            await ScalarAsync(connection, transaction, "SELECT COUNT(*) FROM runs WHERE tenant = @tenant AND state = 'Queued'", cancellationToken,
                ("@tenant", run.Tenant)) >= maxQueued)
        {
            return await RefuseAsync(connection, transaction, newRun, new CreateOutcome(CreateStatus.QueueFull, null), cancellationToken);
        }

        if (limits.ShotsPerDay is { } shotsPerDay &&
            await ScalarAsync(connection, transaction,
                "SELECT COALESCE(SUM(CAST(shots AS BIGINT) * sweep_points), 0) FROM runs WHERE tenant = @tenant AND created_at >= @since AND state <> 'Rejected'",
                cancellationToken, ("@tenant", run.Tenant), ("@since", limits.DayStart.ToUnixTimeMilliseconds()))
                + ((long)run.Shots * run.SweepPoints) > shotsPerDay)
        {
            return await RefuseAsync(connection, transaction, newRun, new CreateOutcome(CreateStatus.ShotQuotaExceeded, null), cancellationToken);
        }

        if (limits.MaxStoredBytes is { } maxStoredBytes &&
            await ScalarAsync(connection, transaction, "SELECT COALESCE(SUM(stored_bytes), 0) FROM runs WHERE tenant = @tenant", cancellationToken,
                ("@tenant", run.Tenant)) + newRun.StoredBytes > maxStoredBytes)
        {
            return await RefuseAsync(connection, transaction, newRun, new CreateOutcome(CreateStatus.StoredBytesQuotaExceeded, null), cancellationToken);
        }

        if (await BudgetAsync(connection, transaction, newRun, limits, cancellationToken) is { } overBudget)
        {
            return await RefuseAsync(connection, transaction, newRun, new CreateOutcome(overBudget, null), cancellationToken);
        }

        foreach (var (sql, parameters) in InsertStatements(newRun))
        {
            await statements.Get(sql, parameters).ExecuteNonQueryAsync(cancellationToken);
        }

        return new CreateOutcome(CreateStatus.Created, run);
    }

    /// <summary>The statements that store a new run: its experiment version (if new), the run, and its history, whose
    /// sequence numbers start here so need no lookup.</summary>
    private static IEnumerable<(string Sql, (string Name, object? Value)[] Parameters)> InsertStatements(NewRun newRun)
    {
        var run = newRun.Run;
        var experiment = newRun.Experiment;
        yield return (
            """
            INSERT INTO experiments (fingerprint, name, spec_json, circuit_artifact, created_at)
            VALUES (@fingerprint, @name, @spec, @artifact, @at)
            ON CONFLICT (fingerprint) DO UPDATE SET spec_json = excluded.spec_json, circuit_artifact = excluded.circuit_artifact
            WHERE experiments.circuit_artifact = ''
            """,
            [("@fingerprint", experiment.Fingerprint), ("@name", experiment.Name), ("@spec", experiment.SpecJson),
             ("@artifact", experiment.CircuitArtifact), ("@at", experiment.CreatedAt.ToUnixTimeMilliseconds())]);
        yield return (
            $"""
            INSERT INTO runs ({RunColumns}, idempotency_key, request_hash, stored_bytes)
            VALUES (@id, @tenant, @name, @fingerprint, @backend, @shots, @points, @state, @priority, CAST(@seed AS BIGINT), @tags, @attempts,
                    CAST(@error AS TEXT), @diagnostics, @created, @updated, CAST(@trace AS TEXT), CAST(@key AS TEXT), CAST(@hash AS TEXT), @bytes)
            """,
            [("@id", run.Id), ("@tenant", run.Tenant), ("@name", run.Name), ("@fingerprint", run.Fingerprint),
             ("@backend", run.Backend), ("@shots", run.Shots), ("@points", run.SweepPoints), ("@state", run.State.ToString()),
             ("@priority", run.Priority), ("@seed", run.Seed is { } seed ? unchecked((long)seed) : null),
             ("@tags", JsonSerializer.Serialize(run.Tags, StoreJson.Options)), ("@attempts", run.Attempts), ("@error", run.Error),
             ("@diagnostics", JsonSerializer.Serialize(run.Diagnostics, StoreJson.Options)),
             ("@created", run.CreatedAt.ToUnixTimeMilliseconds()), ("@updated", run.UpdatedAt.ToUnixTimeMilliseconds()),
             ("@trace", run.TraceParent), ("@key", newRun.IdempotencyKey), ("@hash", newRun.RequestHash), ("@bytes", newRun.StoredBytes)]);
        for (var i = 0; i < newRun.History.Count; i++)
        {
            var transition = newRun.History[i];
            yield return (
                """
                INSERT INTO run_transitions (run_id, seq, from_state, to_state, at, actor, reason)
                VALUES (@id, @seq, @from, @to, @at, @actor, CAST(@reason AS TEXT))
                """,
                [("@id", run.Id), ("@seq", i + 1), ("@from", transition.From.ToString()), ("@to", transition.To.ToString()),
                 ("@at", transition.At.ToUnixTimeMilliseconds()), ("@actor", transition.Actor), ("@reason", transition.Reason)]);
        }

        if (DriftPolicyInsert(run) is { } drift)
        {
            yield return drift;
        }

        if (FailoverInsert(run) is { } failover)
        {
            yield return failover;
        }

        yield return CostInsert(newRun);
    }

    /// <summary>Stores runs that need no reads, in one batch (one round trip) where the provider supports batches, else one
    /// prepared statement at a time (SQLite runs in-process, where a statement costs no round trip).</summary>
    private static async Task InsertAllAsync(
        DbConnection connection, DbTransaction transaction, StatementCache statements, List<NewRun> runs, CancellationToken cancellationToken)
    {
        if (runs.Count == 0)
        {
            return;
        }

        if (!connection.CanCreateBatch)
        {
            foreach (var (sql, parameters) in runs.SelectMany(InsertStatements))
            {
                await statements.Get(sql, parameters).ExecuteNonQueryAsync(cancellationToken);
            }

            return;
        }

        await using var batch = connection.CreateBatch();
        batch.Transaction = transaction;
        foreach (var (sql, parameters) in runs.SelectMany(InsertStatements))
        {
            var command = batch.CreateBatchCommand();
#pragma warning disable CA2100 // Every statement is a constant of this class; values always travel as parameters.
            command.CommandText = sql;
#pragma warning restore CA2100
            foreach (var (name, value) in parameters)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                parameter.Value = value ?? DBNull.Value;
                command.Parameters.Add(parameter);
            }

            batch.BatchCommands.Add(command);
        }

        await batch.ExecuteNonQueryAsync(cancellationToken);
    }
}
