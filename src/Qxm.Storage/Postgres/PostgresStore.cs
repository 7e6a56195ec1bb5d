using System.Data.Common;
using Npgsql;
using Qxm.Storage.Relational;

namespace Qxm.Storage.Postgres;

/// <summary>The store for several qxm instances over one PostgreSQL database. Workers of every instance claim with
/// <c>FOR UPDATE SKIP LOCKED</c>, so concurrent claims never block on or double-take a run.</summary>
public sealed class PostgresStore : RelationalStore
{
    private readonly NpgsqlDataSource _dataSource;

    private PostgresStore(NpgsqlDataSource dataSource, TimeProvider time)
        : base(time) => _dataSource = dataSource;

    protected override string Dialect => "Postgres";

    protected override string ClaimSql => $"""
        UPDATE runs SET state = 'Running', attempts = attempts + 1, lease_owner = @worker, lease_expires_at = @expires, updated_at = @now
        WHERE seq = (SELECT seq FROM runs WHERE state = 'Queued' ORDER BY seq LIMIT 1 FOR UPDATE SKIP LOCKED)
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

    protected override async Task LockTenantAsync(DbConnection connection, DbTransaction transaction, string tenant, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtext(@tenant))", (NpgsqlConnection)connection, (NpgsqlTransaction)transaction);
        command.Parameters.AddWithValue("tenant", tenant);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    protected override bool IsOverlapViolation(DbException exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.ExclusionViolation };

    protected override async ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await connection.BeginTransactionAsync(cancellationToken);
}
