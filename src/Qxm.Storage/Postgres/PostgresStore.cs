using System.Data.Common;
using Npgsql;
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
        await _dataSource.DisposeAsync();
        await base.DisposeAsync();
    }

    protected override async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken);

    protected override async Task LockAsync(DbConnection connection, DbTransaction transaction, string key, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtext(@key))", (NpgsqlConnection)connection, (NpgsqlTransaction)transaction);
        command.Parameters.AddWithValue("key", key);
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
