using System.Text.Json;
using System.Data.Common;
using System.Threading.Channels;
using Qxm.Domain.Errors;
using Qxm.Domain.Runs;
using Qxm.Domain.Tenancy;
using Qxm.Engine.Persistence;
using Qxm.Storage.Migrations;

namespace Qxm.Storage.Relational;

/// <summary>The run, lease and result stores over any ADO.NET provider. The SQL is portable between SQLite and
/// PostgreSQL (named <c>@</c> parameters, <c>RETURNING</c>, <c>ON CONFLICT</c>, explicit casts where PostgreSQL must
/// know a NULL's type); a dialect supplies connections, write transactions and the claim statement.</summary>
public abstract class RelationalStore : IRunStore, IRunLeases, IResultStore, IReservationStore, IAsyncDisposable
{
    protected const string RunColumns =
        "id, tenant, name, fingerprint, backend, shots, sweep_points, state, priority, seed, tags, attempts, error, diagnostics, created_at, updated_at";

    /// <summary>Enough to share a flush among many clients, small enough that one transaction stays short.</summary>
    private const int MaxGroup = 256;

    private readonly TimeProvider _time;
    private readonly Channel<PendingCreate> _creates = Channel.CreateUnbounded<PendingCreate>(new UnboundedChannelOptions { SingleReader = true });
    private Task? _writer;

    protected RelationalStore(TimeProvider time) => _time = time;

    /// <summary>The folder of this dialect's migration scripts.</summary>
    protected abstract string Dialect { get; }

    /// <summary>Claims one queued run: an UPDATE of that row to Running returning the run columns, nothing when it is
    /// not queued. Parameters: @id, @worker, @expires, @now.</summary>
    protected abstract string ClaimSql { get; }

    protected abstract Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);

    /// <summary>A transaction that takes the write lock up front where the engine needs that (SQLite's IMMEDIATE),
    /// so two writers never deadlock upgrading read locks.</summary>
    protected abstract ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>Serialises, until the write transaction ends, the writers that take the same <paramref name="key"/>: the
    /// admission checks of one tenant, the reservations of one backend (a no-op where the write transaction already
    /// excludes every other writer).</summary>
    protected virtual Task LockAsync(DbConnection connection, DbTransaction transaction, string key, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    /// <summary>Tells other instances, on commit, that runs were queued (a no-op where the store has no such channel).</summary>
    protected virtual Task AnnounceQueuedAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    /// <summary>True when the database aborted the transaction for a conflict with a concurrent one (deadlock,
    /// serialization failure): the same work may simply be tried again.</summary>
    protected virtual bool IsTransientConflict(DbException exception) => false;

    /// <summary>True when an insert failed because a reservation overlaps another (a constraint the dialect declares).</summary>
    protected virtual bool IsOverlapViolation(DbException exception) => false;

    /// <summary>Submissions arriving together are committed together: one writer drains the waiting creates into a single
    /// transaction, so concurrent clients share one disk flush instead of queueing for one each. Every caller still
    /// gets its answer only after the commit that made its run durable.</summary>
    public Task<CreateOutcome> CreateAsync(NewRun newRun, AdmissionLimits limits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(newRun);
        ArgumentNullException.ThrowIfNull(limits);
        var pending = new PendingCreate(newRun, limits);
        lock (_creates)
        {
            _writer ??= Task.Run(WriteCreatesAsync, CancellationToken.None);
        }

        ObjectDisposedException.ThrowIf(!_creates.Writer.TryWrite(pending), this);

        // A caller that stops waiting may still find its run stored: submitting again with its idempotency key is safe.
        return pending.Outcome.Task.WaitAsync(cancellationToken);
    }

    private async Task WriteCreatesAsync()
    {
        var group = new List<PendingCreate>(MaxGroup);
        while (await _creates.Reader.WaitToReadAsync())
        {
            group.Clear();
            while (group.Count < MaxGroup && _creates.Reader.TryRead(out var pending))
            {
                group.Add(pending);
            }

            try
            {
                var outcomes = new CreateOutcome[group.Count];
                await using (var connection = await OpenConnectionAsync(CancellationToken.None))
                await using (var transaction = await BeginWriteAsync(connection, CancellationToken.None))
                await using (var statements = new StatementCache(connection, transaction))
                {
                    // Runs with an idempotency key or tenant limits need reads first, one at a time. The others (their
                    // tenant has no limits, so no read can depend on them) are written together, in one round trip
                    // where the provider batches.
                    var plain = new List<NewRun>();

                    // Writers of several instances take tenant locks in one order, so they cannot deadlock on them.
                    foreach (var tenant in group.Where(p => p.NewRun.IdempotencyKey is not null || !p.Limits.IsNone)
                        .Select(p => p.NewRun.Run.Tenant).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
                    {
                        await LockAsync(connection, transaction, "tenant:" + tenant, CancellationToken.None);
                    }

                    for (var i = 0; i < group.Count; i++)
                    {
                        if (group[i].NewRun.IdempotencyKey is null && group[i].Limits.IsNone)
                        {
                            plain.Add(group[i].NewRun);
                            outcomes[i] = new CreateOutcome(CreateStatus.Created, group[i].NewRun.Run);
                        }
                        else
                        {
                            outcomes[i] = await CreateInTransactionAsync(connection, transaction, statements, group[i].NewRun, group[i].Limits, CancellationToken.None);
                        }
                    }

                    await InsertAllAsync(connection, transaction, statements, plain, CancellationToken.None);

                    if (outcomes.Any(o => o.Status == CreateStatus.Created))
                    {
                        await AnnounceQueuedAsync(connection, transaction, CancellationToken.None);
                    }

                    await transaction.CommitAsync(CancellationToken.None);
                }

                for (var i = 0; i < group.Count; i++)
                {
                    group[i].Outcome.TrySetResult(outcomes[i]);
                }
            }
#pragma warning disable CA1031 // The group failed as a whole (nothing was committed): every member gets the error, the writer goes on.
            catch (Exception e)
#pragma warning restore CA1031
            {
                foreach (var pending in group)
                {
                    pending.Outcome.TrySetException(e);
                }
            }
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
            var earlier = await QueryRunsAsync(connection, transaction,
                $"SELECT {RunColumns} FROM runs WHERE tenant = @tenant AND idempotency_key = @key", cancellationToken,
                ("@tenant", run.Tenant), ("@key", newRun.IdempotencyKey));
            if (earlier.Count > 0)
            {
                return new CreateOutcome(CreateStatus.Duplicate, earlier[0]);
            }
        }

        if (limits.MaxQueuedRuns is { } maxQueued &&
            await ScalarAsync(connection, transaction, "SELECT COUNT(*) FROM runs WHERE tenant = @tenant AND state = 'Queued'", cancellationToken,
                ("@tenant", run.Tenant)) >= maxQueued)
        {
            return new CreateOutcome(CreateStatus.QueueFull, null);
        }

        if (limits.ShotsPerDay is { } shotsPerDay &&
            await ScalarAsync(connection, transaction,
                "SELECT COALESCE(SUM(CAST(shots AS BIGINT) * sweep_points), 0) FROM runs WHERE tenant = @tenant AND created_at >= @since AND state <> 'Rejected'",
                cancellationToken, ("@tenant", run.Tenant), ("@since", limits.DayStart.ToUnixTimeMilliseconds()))
                + ((long)run.Shots * run.SweepPoints) > shotsPerDay)
        {
            return new CreateOutcome(CreateStatus.ShotQuotaExceeded, null);
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
            ON CONFLICT (fingerprint) DO NOTHING
            """,
            [("@fingerprint", experiment.Fingerprint), ("@name", experiment.Name), ("@spec", experiment.SpecJson),
             ("@artifact", experiment.CircuitArtifact), ("@at", experiment.CreatedAt.ToUnixTimeMilliseconds())]);
        yield return (
            $"""
            INSERT INTO runs ({RunColumns}, idempotency_key)
            VALUES (@id, @tenant, @name, @fingerprint, @backend, @shots, @points, @state, @priority, CAST(@seed AS BIGINT), @tags, @attempts,
                    CAST(@error AS TEXT), @diagnostics, @created, @updated, CAST(@key AS TEXT))
            """,
            [("@id", run.Id), ("@tenant", run.Tenant), ("@name", run.Name), ("@fingerprint", run.Fingerprint),
             ("@backend", run.Backend), ("@shots", run.Shots), ("@points", run.SweepPoints), ("@state", run.State.ToString()),
             ("@priority", run.Priority), ("@seed", run.Seed is { } seed ? unchecked((long)seed) : null),
             ("@tags", JsonSerializer.Serialize(run.Tags, StoreJson.Options)), ("@attempts", run.Attempts), ("@error", run.Error),
             ("@diagnostics", JsonSerializer.Serialize(run.Diagnostics, StoreJson.Options)),
             ("@created", run.CreatedAt.ToUnixTimeMilliseconds()), ("@updated", run.UpdatedAt.ToUnixTimeMilliseconds()),
             ("@key", newRun.IdempotencyKey)]);
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

    public async Task<bool> TryCreateAsync(Reservation reservation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reservation);

        // Should concurrent writers still collide (another qxm version without the lock), the database aborts one, whose
        // retry then sees the other's committed window and answers from it.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await TryCreateOnceAsync(reservation, cancellationToken);
            }
            catch (DbException e) when (attempt < 5 && IsTransientConflict(e))
            {
                // No pause: by the time the database reports the deadlock it has resolved it, so the retry finds the
                // other transaction finished.
            }
        }
    }

    private async Task<bool> TryCreateOnceAsync(Reservation reservation, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var transaction = await BeginWriteAsync(connection, cancellationToken);

        // Requests for one backend take turns: concurrent inserts checked only by the exclusion constraint deadlock
        // each other, which the constraint survives but the callers would see as errors.
        await LockAsync(connection, transaction, "reservations:" + reservation.Backend, cancellationToken);
        var overlapping = await ScalarAsync(connection, transaction,
            """
            SELECT COUNT(*) FROM reservations
            WHERE backend = @backend AND cancelled_at IS NULL AND starts_at < @end AND @start < ends_at
            """,
            cancellationToken, ("@backend", reservation.Backend), ("@start", reservation.Start.ToUnixTimeMilliseconds()),
            ("@end", reservation.End.ToUnixTimeMilliseconds()));
        if (overlapping > 0)
        {
            return false;
        }

        try
        {
            await ExecuteAsync(connection, transaction, cancellationToken,
                """
                INSERT INTO reservations (id, backend, tenant, starts_at, ends_at, created_at)
                VALUES (@id, @backend, @tenant, @start, @end, @now)
                """,
                ("@id", reservation.Id), ("@backend", reservation.Backend), ("@tenant", reservation.Tenant),
                ("@start", reservation.Start.ToUnixTimeMilliseconds()), ("@end", reservation.End.ToUnixTimeMilliseconds()),
                ("@now", _time.GetUtcNow().ToUnixTimeMilliseconds()));
            await transaction.CommitAsync(cancellationToken);
            return true;
        }
        catch (DbException e) when (IsOverlapViolation(e))
        {
            return false;
        }
    }

    public async Task<IReadOnlyList<Reservation>> ListAsync(string? backend, DateTimeOffset after, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = Command(connection, null,
            """
            SELECT id, backend, tenant, starts_at, ends_at FROM reservations
            WHERE cancelled_at IS NULL AND ends_at > @after AND (CAST(@backend AS TEXT) IS NULL OR backend = @backend)
            ORDER BY starts_at
            """,
            ("@after", after.ToUnixTimeMilliseconds()), ("@backend", backend));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var reservations = new List<Reservation>();
        while (await reader.ReadAsync(cancellationToken))
        {
            reservations.Add(new Reservation(reader.GetString(0), reader.GetString(1), reader.GetString(2),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4))));
        }

        return reservations;
    }

    public async Task<IReadOnlyList<(DateTimeOffset Start, DateTimeOffset End)>> ExecutionIntervalsAsync(
        string backend, string tenant, DateTimeOffset windowStart, DateTimeOffset windowEnd, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = Command(connection, null,
            """
            SELECT started.at, COALESCE(ended.at, @to) FROM run_transitions started
            JOIN runs r ON r.id = started.run_id
            LEFT JOIN run_transitions ended ON ended.run_id = started.run_id AND ended.seq = started.seq + 1
            WHERE started.to_state = 'Running' AND r.tenant = @tenant AND r.backend = @backend
              AND started.at < @to AND COALESCE(ended.at, @to) > @from
            ORDER BY started.at
            """,
            ("@to", windowEnd.ToUnixTimeMilliseconds()), ("@tenant", tenant), ("@backend", backend), ("@from", windowStart.ToUnixTimeMilliseconds()));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var intervals = new List<(DateTimeOffset, DateTimeOffset)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var start = Math.Max(reader.GetInt64(0), windowStart.ToUnixTimeMilliseconds());
            var end = Math.Min(reader.GetInt64(1), windowEnd.ToUnixTimeMilliseconds());
            intervals.Add((DateTimeOffset.FromUnixTimeMilliseconds(start), DateTimeOffset.FromUnixTimeMilliseconds(end)));
        }

        return intervals;
    }

    public async Task<bool> CancelAsync(string reservationId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        return await ExecuteAsync(connection, null, cancellationToken,
            "UPDATE reservations SET cancelled_at = @now WHERE id = @id AND cancelled_at IS NULL",
            ("@now", _time.GetUtcNow().ToUnixTimeMilliseconds()), ("@id", reservationId)) == 1;
    }

    public async Task<Run?> GetAsync(string runId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        var runs = await QueryRunsAsync(connection, null, $"SELECT {RunColumns} FROM runs WHERE id = @id", cancellationToken, ("@id", runId));
        return runs.Count == 0 ? null : runs[0];
    }

    public async Task<IReadOnlyList<Run>> ListAsync(RunQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var connection = await OpenConnectionAsync(cancellationToken);
        return await QueryRunsAsync(connection, null,
            $"""
            SELECT {RunColumns} FROM runs
            WHERE (CAST(@state AS TEXT) IS NULL OR state = @state) AND (CAST(@backend AS TEXT) IS NULL OR backend = @backend)
              AND (CAST(@tenant AS TEXT) IS NULL OR tenant = @tenant)
            ORDER BY seq DESC LIMIT @limit
            """,
            cancellationToken,
            ("@state", query.State?.ToString()), ("@backend", query.Backend), ("@tenant", query.Tenant), ("@limit", Math.Clamp(query.Limit, 1, 10_000)));
    }

    public async Task<bool> TransitionAsync(string runId, RunState expected, RunState target, string actor, string? reason, CancellationToken cancellationToken)
    {
        if (!RunLifecycle.CanTransition(expected, target))
        {
            throw new QxmException($"illegal run transition {expected} -> {target}");
        }

        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var transaction = await BeginWriteAsync(connection, cancellationToken);
        var now = _time.GetUtcNow();
        var changed = await ExecuteAsync(connection, transaction, cancellationToken,
            """
            UPDATE runs SET state = @target, updated_at = @now,
                error = CASE WHEN @target = 'Failed' THEN CAST(@reason AS TEXT) ELSE error END,
                lease_owner = CASE WHEN @target = 'Running' THEN lease_owner ELSE NULL END,
                lease_expires_at = CASE WHEN @target = 'Running' THEN lease_expires_at ELSE NULL END
            WHERE id = @id AND state = @expected
            """,
            ("@target", target.ToString()), ("@now", now.ToUnixTimeMilliseconds()), ("@reason", reason),
            ("@id", runId), ("@expected", expected.ToString()));
        if (changed == 0)
        {
            return false;
        }

        await InsertTransitionAsync(connection, transaction, runId, new RunTransition(expected, target, now, actor, reason), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<IReadOnlyList<RunTransition>> GetHistoryAsync(string runId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = Command(connection, null,
            "SELECT from_state, to_state, at, actor, reason FROM run_transitions WHERE run_id = @id ORDER BY seq", ("@id", runId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var history = new List<RunTransition>();
        while (await reader.ReadAsync(cancellationToken))
        {
            history.Add(new RunTransition(
                Enum.Parse<RunState>(reader.GetString(0)),
                Enum.Parse<RunState>(reader.GetString(1)),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)),
                reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4)));
        }

        return history;
    }

    public async Task<ExperimentVersion?> GetExperimentAsync(string fingerprint, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        return await ReadExperimentAsync(connection, null, fingerprint, cancellationToken);
    }

    public async Task<IReadOnlyList<QueuedRun>> ListQueuedAsync(long afterSequence, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = Command(connection, null,
            """
            SELECT id, tenant, backend, priority, updated_at, seq, CAST(shots AS BIGINT) * sweep_points FROM runs
            WHERE state = 'Queued' AND seq > @after ORDER BY seq
            """,
            ("@after", afterSequence));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var queued = new List<QueuedRun>();
        while (await reader.ReadAsync(cancellationToken))
        {
            queued.Add(new QueuedRun(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)), reader.GetInt64(5), reader.GetInt64(6)));
        }

        return queued;
    }

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

    public async Task<ClaimedRun?> ClaimAsync(string runId, string workerId, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var transaction = await BeginWriteAsync(connection, cancellationToken);
        var now = _time.GetUtcNow();
        var claimed = await QueryRunsAsync(connection, transaction, ClaimSql, cancellationToken,
            ("@id", runId), ("@worker", workerId), ("@expires", (now + lease).ToUnixTimeMilliseconds()), ("@now", now.ToUnixTimeMilliseconds()));
        if (claimed.Count == 0)
        {
            return null;
        }

        var run = claimed[0];
        await InsertTransitionAsync(connection, transaction, run.Id,
            new RunTransition(RunState.Queued, RunState.Running, now, workerId, $"attempt {run.Attempts}"), cancellationToken);
        var experiment = await ReadExperimentAsync(connection, transaction, run.Fingerprint, cancellationToken)
            ?? throw new QxmException($"run {run.Id} references missing experiment {run.Fingerprint}");
        await transaction.CommitAsync(cancellationToken);
        return new ClaimedRun(run, experiment);
    }

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
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var transaction = await BeginWriteAsync(connection, cancellationToken);
        var now = _time.GetUtcNow();
        var expired = await QueryRunsAsync(connection, transaction,
            $"""
            UPDATE runs SET state = 'Queued', lease_owner = NULL, lease_expires_at = NULL, updated_at = @now
            WHERE state = 'Running' AND lease_expires_at < @now
            RETURNING {RunColumns}
            """,
            cancellationToken, ("@now", now.ToUnixTimeMilliseconds()));
        foreach (var run in expired)
        {
            await InsertTransitionAsync(connection, transaction, run.Id,
                new RunTransition(RunState.Running, RunState.Queued, now, "lease-expiry", $"lease of attempt {run.Attempts} expired"), cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return expired.Count;
    }

    public async Task<bool> CompleteAsync(RunResult result, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var transaction = await BeginWriteAsync(connection, cancellationToken);
        var now = _time.GetUtcNow();
        // Only the attempt that still holds the run in Running may complete it; a second finisher finds it Succeeded.
        var changed = await ExecuteAsync(connection, transaction, cancellationToken,
            """
            UPDATE runs SET state = 'Succeeded', updated_at = @now, lease_owner = NULL, lease_expires_at = NULL
            WHERE id = @id AND state = 'Running' AND NOT EXISTS (SELECT 1 FROM results WHERE run_id = @id)
            """,
            ("@now", now.ToUnixTimeMilliseconds()), ("@id", result.RunId));
        if (changed == 0)
        {
            return false;
        }

        await ExecuteAsync(connection, transaction, cancellationToken,
            """
            INSERT INTO results (run_id, shots, points_json, execution_seconds, artifact, created_at)
            VALUES (@id, @shots, @points, @seconds, @artifact, @now)
            """,
            ("@id", result.RunId), ("@shots", result.Shots), ("@points", JsonSerializer.Serialize(result.Points, StoreJson.Options)),
            ("@seconds", result.SimulationSeconds), ("@artifact", result.ArtifactHash), ("@now", now.ToUnixTimeMilliseconds()));
        await InsertTransitionAsync(connection, transaction, result.RunId,
            new RunTransition(RunState.Running, RunState.Succeeded, now, actor, null), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    async Task<RunResult?> IResultStore.GetAsync(string runId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = Command(connection, null,
            "SELECT shots, points_json, execution_seconds, artifact FROM results WHERE run_id = @id", ("@id", runId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var points = JsonSerializer.Deserialize<SweepPointResult[]>(reader.GetString(1), StoreJson.Options) ?? [];
        return new RunResult(runId, reader.GetInt32(0), points, reader.GetDouble(2), reader.GetString(3));
    }

    public virtual async ValueTask DisposeAsync()
    {
        _creates.Writer.TryComplete();
        if (_writer is not null)
        {
            await _writer;
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>Applies this dialect's migrations that the database has not seen, in order, in one transaction.</summary>
    protected async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var transaction = await BeginWriteAsync(connection, cancellationToken);
        await ExecuteAsync(connection, transaction, cancellationToken,
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)");
        await using var versionCommand = Command(connection, transaction, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
        var current = Convert.ToInt32(await versionCommand.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (version, name, sql) in MigrationScripts.For(Dialect).Where(m => m.Version > current))
        {
            await ExecuteAsync(connection, transaction, cancellationToken, sql);
            await ExecuteAsync(connection, transaction, cancellationToken,
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@v, @n, @at)",
                ("@v", version), ("@n", name), ("@at", _time.GetUtcNow().ToUnixTimeMilliseconds()));
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task<ExperimentVersion?> ReadExperimentAsync(DbConnection connection, DbTransaction? transaction, string fingerprint, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction,
            "SELECT name, spec_json, circuit_artifact, created_at FROM experiments WHERE fingerprint = @f", ("@f", fingerprint));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new ExperimentVersion(fingerprint, reader.GetString(0), reader.GetString(1), reader.GetString(2),
            DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)));
    }

    private static async Task InsertTransitionAsync(DbConnection connection, DbTransaction transaction, string runId, RunTransition transition, CancellationToken cancellationToken) =>
        await ExecuteAsync(connection, transaction, cancellationToken,
            """
            INSERT INTO run_transitions (run_id, seq, from_state, to_state, at, actor, reason)
            VALUES (@id, (SELECT COALESCE(MAX(seq), 0) + 1 FROM run_transitions WHERE run_id = @id), @from, @to, @at, @actor, CAST(@reason AS TEXT))
            """,
            ("@id", runId), ("@from", transition.From.ToString()), ("@to", transition.To.ToString()),
            ("@at", transition.At.ToUnixTimeMilliseconds()), ("@actor", transition.Actor), ("@reason", transition.Reason));

#pragma warning disable CA1068 // SQL parameters are a params array, which C# requires last.
    private static async Task<IReadOnlyList<Run>> QueryRunsAsync(
        DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var runs = new List<Run>();
        while (await reader.ReadAsync(cancellationToken))
        {
            runs.Add(new Run
            {
                Id = reader.GetString(0),
                Tenant = reader.GetString(1),
                Name = reader.GetString(2),
                Fingerprint = reader.GetString(3),
                Backend = reader.GetString(4),
                Shots = reader.GetInt32(5),
                SweepPoints = reader.GetInt32(6),
                State = Enum.Parse<RunState>(reader.GetString(7)),
                Priority = reader.GetString(8),
                Seed = reader.IsDBNull(9) ? null : unchecked((ulong)reader.GetInt64(9)),
                Tags = JsonSerializer.Deserialize<string[]>(reader.GetString(10), StoreJson.Options) ?? [],
                Attempts = reader.GetInt32(11),
                Error = reader.IsDBNull(12) ? null : reader.GetString(12),
                Diagnostics = JsonSerializer.Deserialize<Diagnostic[]>(reader.GetString(13), StoreJson.Options) ?? [],
                CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(14)),
                UpdatedAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(15)),
            });
        }

        return runs;
    }

    private static async Task<long> ScalarAsync(
        DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<int> ExecuteAsync(
        DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken, string sql, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

#pragma warning restore CA1068

    private static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
#pragma warning disable CA2100 // Every statement is a constant of this class or its dialect; values always travel as parameters.
        command.CommandText = sql;
#pragma warning restore CA2100
        command.Transaction = transaction;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return command;
    }
}
