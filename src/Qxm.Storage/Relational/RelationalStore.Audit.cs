using System.Data.Common;
using System.Text.Json;
using Qxm.Domain.Audit;
using Qxm.Domain.Runs;
using Qxm.Engine.Audit;
using Qxm.Engine.Persistence;

namespace Qxm.Storage.Relational;

/// <summary>The audit chain: every run transition (in the transaction that makes it) and every appended action, linked
/// by hash in one sequence however many writers there are.</summary>
public abstract partial class RelationalStore : IAuditTrail, IAuditLog
{
    protected const string AuditColumns = "position, at, actor, principal, tenant, action, object_type, object_id, outcome, detail, prev_hash, hash";

    /// <summary>Writers of every instance append to one chain: whoever holds this lock owns the head until it commits.</summary>
    protected const string AuditChainLock = "audit-chain";

    private const string InsertAuditSql =
        $"""
        INSERT INTO audit_events ({AuditColumns})
        VALUES (@position, @at, @actor, CAST(@principal AS TEXT), CAST(@tenant AS TEXT), @action, @type, @object, @outcome, CAST(@detail AS TEXT), @prev, @hash)
        """;

    public async Task<AuditEvent> AppendAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var transaction = await BeginWriteAsync(connection, cancellationToken);
        var appended = await AppendAuditAsync(connection, transaction, [(entry, _time.GetUtcNow())], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return appended[0];
    }

    public async Task<IReadOnlyList<AuditEvent>> ListByObjectTypeAsync(string objectType, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        var events = await QueryAuditAsync(connection,
            $"SELECT {AuditColumns} FROM audit_events WHERE object_type = @type ORDER BY object_type, object_id, position",
            cancellationToken, ("@type", objectType));
        return [.. events.OrderBy(e => e.Position)];
    }

    public async Task<IReadOnlyList<AuditEvent>> ListAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var connection = await OpenConnectionAsync(cancellationToken);
        var latest = await QueryAuditAsync(connection,
            $"""
            SELECT {AuditColumns} FROM audit_events
            WHERE (CAST(@since AS BIGINT) IS NULL OR at >= @since) AND (CAST(@actor AS TEXT) IS NULL OR actor = @actor)
              AND (CAST(@action AS TEXT) IS NULL OR action = @action)
              AND (CAST(@run AS TEXT) IS NULL OR (object_type = 'run' AND object_id = @run))
            ORDER BY position DESC LIMIT @limit
            """,
            cancellationToken,
            ("@since", query.Since?.ToUnixTimeMilliseconds()), ("@actor", query.Actor), ("@action", query.Action), ("@run", query.RunId),
            ("@limit", Math.Clamp(query.Limit, 1, 10_000)));
        return [.. latest.Reverse()];
    }

    public async Task<IReadOnlyList<AuditEvent>> ReadChainAsync(long afterPosition, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        return await QueryAuditAsync(connection,
            $"SELECT {AuditColumns} FROM audit_events WHERE position > @after ORDER BY position LIMIT @limit",
            cancellationToken, ("@after", afterPosition), ("@limit", Math.Clamp(limit, 1, 100_000)));
    }

    public async Task<AuditEvent?> GetHeadAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        var head = await QueryAuditAsync(connection, $"SELECT {AuditColumns} FROM audit_events ORDER BY position DESC LIMIT 1", cancellationToken);
        return head.Count == 0 ? null : head[0];
    }

    /// <summary>Records one run transition and its audit event. Every run state change goes through here or, for new
    /// runs, through <see cref="AppendCreatedRunsAuditAsync"/>.</summary>
    private Task InsertTransitionAsync(
        DbConnection connection, DbTransaction transaction, string runId, string tenant, RunTransition transition, CancellationToken cancellationToken) =>
        InsertTransitionsAsync(connection, transaction, [(runId, tenant, transition)], cancellationToken);

    /// <summary>Records one run transition of a group-commit write: its row now, through the group's prepared statement,
    /// and its audit event with the group's others when the group's writes are done (decision 0044): the chain's head
    /// is read and locked once a group, not once a claim or result, and stays the transaction's last write.</summary>
    private static async Task InsertTransitionAsync(StatementCache statements, string runId, string tenant, RunTransition transition)
    {
        await statements.Get(InsertTransitionSql, TransitionParameters(runId, transition)).ExecuteNonQueryAsync(CancellationToken.None);
        statements.Audit.Add((TransitionEntry(runId, tenant, transition), transition.At));
    }

    /// <summary>Links the audit events a group's writes left for its end (see above); nothing when they left none.</summary>
    private async Task AppendGroupAuditAsync(DbConnection connection, DbTransaction transaction, StatementCache statements)
    {
        if (statements.Audit.Count > 0)
        {
            await AppendAuditAsync(connection, transaction, [.. statements.Audit], CancellationToken.None, statements);
        }
    }

    private const string InsertTransitionSql =
        """
        INSERT INTO run_transitions (run_id, seq, from_state, to_state, at, actor, reason)
        VALUES (@id, (SELECT COALESCE(MAX(seq), 0) + 1 FROM run_transitions WHERE run_id = @id), @from, @to, @at, @actor, CAST(@reason AS TEXT))
        """;

    private static (string Name, object? Value)[] TransitionParameters(string runId, RunTransition transition) =>
    [
        ("@id", runId), ("@from", transition.From.ToString()), ("@to", transition.To.ToString()),
        ("@at", transition.At.ToUnixTimeMilliseconds()), ("@actor", transition.Actor), ("@reason", transition.Reason),
    ];

    /// <summary>Records run transitions and their audit events, the chain's head read once for all of them.</summary>
    private async Task InsertTransitionsAsync(
        DbConnection connection, DbTransaction transaction, IReadOnlyList<(string RunId, string Tenant, RunTransition Transition)> transitions,
        CancellationToken cancellationToken)
    {
        foreach (var (runId, _, transition) in transitions)
        {
            await ExecuteAsync(connection, transaction, cancellationToken, InsertTransitionSql, TransitionParameters(runId, transition));
        }

        await AppendAuditAsync(connection, transaction, [.. transitions.Select(t => (TransitionEntry(t.RunId, t.Tenant, t.Transition), t.Transition.At))],
            cancellationToken);
    }

    /// <summary>The audit events of the histories of runs a group commit created (their transitions are inserted with the runs).</summary>
    /// <summary>Leaves the audit events of a group's new runs for the group's one append, ahead of its other writes' events.</summary>
    private static void AddCreatedRunsAudit(StatementCache statements, IEnumerable<NewRun> created) =>
        statements.Audit.AddRange(created.SelectMany(n => n.History.Select(t => (TransitionEntry(n.Run.Id, n.Run.Tenant, t), t.At))));

    private static AuditEntry TransitionEntry(string runId, string tenant, RunTransition transition) =>
        new(transition.Actor, null, tenant, "run." + JsonNamingPolicy.CamelCase.ConvertName(transition.To.ToString()), "run", runId,
            AuditOutcome.Succeeded,
            transition.Reason is null ? $"{transition.From} -> {transition.To}" : $"{transition.From} -> {transition.To}: {transition.Reason}");

    /// <summary>Links <paramref name="entries"/> after the chain's head and inserts them. The caller's write transaction
    /// takes the chain lock here (SQLite's IMMEDIATE transaction already excludes every other writer) and holds it to its
    /// commit, so the head read here stays the head; this is the last write of every such transaction, so no holder of
    /// the lock waits on anything else.</summary>
    /// <param name="statements">The group-commit writer's kept statements, where the append is the group's (decision 0045).</param>
    private async Task<IReadOnlyList<AuditEvent>> AppendAuditAsync(
        DbConnection connection, DbTransaction transaction, IReadOnlyList<(AuditEntry Entry, DateTimeOffset At)> entries, CancellationToken cancellationToken,
        StatementCache? statements = null)
    {
        if (entries.Count == 0)
        {
            return [];
        }

        var (position, hash) = await LockAuditHeadAsync(connection, transaction, statements, cancellationToken) ?? (0L, AuditChain.Genesis);
        if (!AuditChain.IsHash(hash))
        {
            // A head whose hash was edited into something that is not a hash: link on anyway from a well-formed value;
            // verification reports the edit at that position.
            hash = AuditChain.Genesis;
        }

        var events = new AuditEvent[entries.Count];
        for (var i = 0; i < entries.Count; i++)
        {
            events[i] = AuditChain.Link(++position, entries[i].At, entries[i].Entry, hash);
            hash = events[i].Hash;
        }

        await InsertAuditEventsAsync(connection, transaction, events, statements, cancellationToken);
        return events;
    }

    /// <summary>Takes the chain lock for the rest of the transaction and reads the head's position and hash (null when
    /// the chain is empty). A dialect may do both in one round trip. With <paramref name="statements"/> (the writer's, kept
    /// between groups) the read is compiled once.</summary>
    private protected virtual async Task<(long Position, string Hash)?> LockAuditHeadAsync(
        DbConnection connection, DbTransaction transaction, StatementCache? statements, CancellationToken cancellationToken)
    {
        const string HeadSql = "SELECT position, hash FROM audit_events ORDER BY position DESC LIMIT 1";
        await LockAsync(connection, transaction, AuditChainLock, cancellationToken);
        await using var owned = statements is null ? Command(connection, transaction, HeadSql) : null;
        await using var reader = await (owned ?? statements!.Get(HeadSql)).ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (reader.GetInt64(0), reader.GetString(1)) : null;
    }

    /// <summary>Inserts linked events; one prepared statement reused (SQLite runs in-process, where a statement costs no
    /// round trip). A dialect with arrays may insert them all in one statement.</summary>
    private protected virtual async Task InsertAuditEventsAsync(
        DbConnection connection, DbTransaction transaction, IReadOnlyList<AuditEvent> events, StatementCache? statements, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        await using var owned = statements is null ? new StatementCache(connection) : null;
        owned?.Begin(transaction);
        foreach (var e in events)
        {
            await (owned ?? statements!).Get(InsertAuditSql, AuditParameters(e)).ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static (string Name, object? Value)[] AuditParameters(AuditEvent e) =>
    [
        ("@position", e.Position), ("@at", e.At.ToUnixTimeMilliseconds()), ("@actor", e.Entry.Actor), ("@principal", e.Entry.Principal),
        ("@tenant", e.Entry.Tenant), ("@action", e.Entry.Action), ("@type", e.Entry.ObjectType), ("@object", e.Entry.ObjectId),
        ("@outcome", e.Entry.Outcome.ToString()), ("@detail", e.Entry.Detail), ("@prev", e.PreviousHash), ("@hash", e.Hash),
    ];

#pragma warning disable CA1068 // SQL parameters are a params array, which C# requires last.
    private static async Task<IReadOnlyList<AuditEvent>> QueryAuditAsync(
        DbConnection connection, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
#pragma warning restore CA1068
    {
        await using var command = Command(connection, null, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var events = new List<AuditEvent>();
        while (await reader.ReadAsync(cancellationToken))
        {
            // Read as stored, whatever was done to it: an unknown outcome is kept by name as far as the hash goes, so
            // verification reports the row as altered rather than failing to read it.
            var outcome = Enum.TryParse<AuditOutcome>(reader.GetString(8), out var parsed) && Enum.IsDefined(parsed) ? parsed : (AuditOutcome)(-1);
            events.Add(new AuditEvent(
                reader.GetInt64(0),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)),
                new AuditEntry(reader.GetString(2), NullableText(reader, 3), NullableText(reader, 4), reader.GetString(5), reader.GetString(6),
                    reader.GetString(7), outcome, NullableText(reader, 9)),
                reader.GetString(10),
                reader.GetString(11)));
        }

        return events;
    }

    private static string? NullableText(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    /// <summary>A statement's single text value (an <c>UPDATE ... RETURNING</c> column); null when it returned no row.</summary>
    private static async Task<string?> TextAsync(
        DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }
}
