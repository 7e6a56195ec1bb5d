using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Qxm.Storage.Relational;

namespace Qxm.Storage.Sqlite;

/// <summary>The embedded store: one SQLite database in WAL mode. Every state change is one short IMMEDIATE
/// transaction, so several processes on one machine can share the database safely.</summary>
public sealed class SqliteStore : RelationalStore
{
    private readonly string _connectionString;

    private SqliteStore(string connectionString, TimeProvider time)
        : base(time) => _connectionString = connectionString;

    protected override string Dialect => "Sqlite";

    protected override string ClaimSql => $"""
        UPDATE runs SET state = 'Running', attempts = attempts + 1, lease_owner = @worker, lease_expires_at = @expires, updated_at = @now
        WHERE seq = (SELECT seq FROM runs WHERE id = @id AND state = 'Queued')
        RETURNING {RunColumns}
        """;

    public static async Task<SqliteStore> OpenAsync(string databasePath, TimeProvider time, CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(databasePath));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        var store = new SqliteStore(connectionString, time);
        await using (var connection = await store.OpenConnectionAsync(cancellationToken))
        await using (var wal = connection.CreateCommand())
        {
            wal.CommandText = "PRAGMA journal_mode = WAL";
            await wal.ExecuteNonQueryAsync(cancellationToken);
        }

        await store.MigrateAsync(cancellationToken);
        return store;
    }

    public override async ValueTask DisposeAsync()
    {
        // The group-commit writer closes its own connection as it ends; then pooled connections, which keep the database
        // file (and its WAL) open, are released so the directory can be removed.
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
    }

    protected override async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);

        // The settings belong to the database handle, which the pool keeps open and hands out again with them: they are
        // set once per handle, not compiled and run again on every open (decision 0044).
        if (connection.Handle is { } handle && !Configured.TryGetValue(handle, out _))
        {
            await using var pragmas = connection.CreateCommand();
            // synchronous=FULL: an accepted submission survives power loss, not just a crash of the process.
            pragmas.CommandText = "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 30000";
            await pragmas.ExecuteNonQueryAsync(cancellationToken);
            Configured.AddOrUpdate(handle, handle);
        }

        return connection;
    }

    /// <summary>The database handles (of every store in the process) whose connection settings are made.</summary>
    private static readonly ConditionalWeakTable<object, object> Configured = [];

    protected override ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        ValueTask.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false));
}
