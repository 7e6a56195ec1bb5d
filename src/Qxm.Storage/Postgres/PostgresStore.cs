using System.Data.Common;
using Npgsql;
using Qxm.Domain.Audit;
using Qxm.Engine.Persistence;
using Qxm.Storage.Relational;

namespace Qxm.Storage.Postgres;

/// <summary>The store for several qxm instances over one PostgreSQL database. Workers of every instance claim with
/// <c>FOR UPDATE SKIP LOCKED</c>, so concurrent claims never block on or double-take a run.</summary>
public sealed class PostgresStore : RelationalStore, IWorkNotifications
{
    /// <summary>The channel instances announce queued runs on; PostgreSQL delivers a notification only on commit.</summary>
    private const string WorkChannel = "qxm_work";

    private readonly NpgsqlDataSource _dataSource;

    private PostgresStore(NpgsqlDataSource dataSource, TimeProvider time)
        : base(time) => _dataSource = dataSource;

    protected override string Dialect => "Postgres";

    /// <summary>VACUUM too: a million fresh rows have no visibility map, so index-only scans read the heap, and autovacuum
    /// would otherwise set it while the benchmark measures (its insert threshold is crossed by the load).</summary>
    protected override string SettleAfterBulkLoadSql => "VACUUM (ANALYZE)";

    protected override string ClaimSql => $"""
        UPDATE runs SET state = 'Running', attempts = attempts + 1, lease_owner = @worker, lease_expires_at = @expires, updated_at = @now
        WHERE seq = (SELECT seq FROM runs WHERE id = @id AND state = 'Queued' FOR UPDATE SKIP LOCKED)
        RETURNING {RunColumns}
        """;

    public static async Task<PostgresStore> OpenAsync(string connectionString, TimeProvider time, CancellationToken cancellationToken)
    {
        var store = new PostgresStore(NpgsqlDataSource.Create(connectionString), time);
        try
        {
            // Instances starting together must not apply the same migration twice: serialise on an advisory lock.
            await using var connection = await store._dataSource.OpenConnectionAsync(cancellationToken);
            await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_lock(7401)", connection))
            {
                await lockCommand.ExecuteNonQueryAsync(cancellationToken);
            }

            try
            {
                await store.MigrateAsync(cancellationToken);
            }
            finally
            {
                await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock(7401)", connection);
                await unlock.ExecuteNonQueryAsync(CancellationToken.None);
            }

            return store;
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }
    }

    public override async ValueTask DisposeAsync()
    {
        // The group-commit writer ends first, closing its own connection, while the data source it came from still lives.
        await base.DisposeAsync();
        await _dataSource.DisposeAsync();
    }

    protected override async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken);

    protected override async Task LockAsync(DbConnection connection, DbTransaction transaction, string key, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtext(@key))", (NpgsqlConnection)connection, (NpgsqlTransaction)transaction);
        command.Parameters.AddWithValue("key", key);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private protected override async Task<(long Position, string Hash)?> LockAuditHeadAsync(
        DbConnection connection, DbTransaction transaction, StatementCache? statements, CancellationToken cancellationToken)
    {
        // Two statements, one round trip: the lock, then the head it protects.
        await using var command = new NpgsqlCommand(
            "SELECT pg_advisory_xact_lock(hashtext(@key)); SELECT position, hash FROM audit_events ORDER BY position DESC LIMIT 1",
            (NpgsqlConnection)connection, (NpgsqlTransaction)transaction);
        command.Parameters.AddWithValue("key", AuditChainLock);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.NextResultAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (reader.GetInt64(0), reader.GetString(1)) : null;
    }

    private protected override async Task InsertAuditEventsAsync(
        DbConnection connection, DbTransaction transaction, IReadOnlyList<AuditEvent> events, StatementCache? statements, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);

        // One statement over arrays instead of one per event: a group commit's hundreds of events cost one parse and plan.
        await using var command = new NpgsqlCommand(
            $"""
            INSERT INTO audit_events ({AuditColumns})
            SELECT * FROM unnest(@position, @at, @actor, @principal, @tenant, @action, @type, @object, @outcome, @detail, @prev, @hash)
            """,
            (NpgsqlConnection)connection, (NpgsqlTransaction)transaction);
        command.Parameters.AddWithValue("position", events.Select(e => e.Position).ToArray());
        command.Parameters.AddWithValue("at", events.Select(e => e.At.ToUnixTimeMilliseconds()).ToArray());
        command.Parameters.AddWithValue("actor", events.Select(e => e.Entry.Actor).ToArray());
        command.Parameters.AddWithValue("principal", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text, events.Select(e => e.Entry.Principal).ToArray());
        command.Parameters.AddWithValue("tenant", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text, events.Select(e => e.Entry.Tenant).ToArray());
        command.Parameters.AddWithValue("action", events.Select(e => e.Entry.Action).ToArray());
        command.Parameters.AddWithValue("type", events.Select(e => e.Entry.ObjectType).ToArray());
        command.Parameters.AddWithValue("object", events.Select(e => e.Entry.ObjectId).ToArray());
        command.Parameters.AddWithValue("outcome", events.Select(e => e.Entry.Outcome.ToString()).ToArray());
        command.Parameters.AddWithValue("detail", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text, events.Select(e => e.Entry.Detail).ToArray());
        command.Parameters.AddWithValue("prev", events.Select(e => e.PreviousHash).ToArray());
        command.Parameters.AddWithValue("hash", events.Select(e => e.Hash).ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task ListenAsync(Action workQueued, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workQueued);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        connection.Notification += (_, _) => workQueued();
        await using (var listen = new NpgsqlCommand($"LISTEN {WorkChannel}", connection))
        {
            await listen.ExecuteNonQueryAsync(cancellationToken);
        }

        while (true)
        {
            await connection.WaitAsync(cancellationToken);
        }
    }

    protected override async Task AnnounceQueuedAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        await using var notify = new NpgsqlCommand($"NOTIFY {WorkChannel}", (NpgsqlConnection)connection, (NpgsqlTransaction)transaction);
        await notify.ExecuteNonQueryAsync(cancellationToken);
    }

    protected override bool IsTransientConflict(DbException exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure };

    protected override bool IsOverlapViolation(DbException exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.ExclusionViolation };

    protected override async ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await connection.BeginTransactionAsync(cancellationToken);
}
