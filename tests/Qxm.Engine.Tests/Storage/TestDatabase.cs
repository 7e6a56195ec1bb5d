using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using Qxm.Storage.Postgres;
using Qxm.Storage.Relational;
using Qxm.Storage.Sqlite;
using Qxm.Tests.Shared;

namespace Qxm.Engine.Tests.Storage;

/// <summary>The database one contract test runs against, made before it and removed after: a SQLite file in a fresh
/// directory, or a fresh database on the test PostgreSQL server. Without that server <see cref="Store"/> skips the
/// test (or fails it where CI requires PostgreSQL).</summary>
internal sealed class TestDatabase : IAsyncDisposable
{
    private readonly RelationalStore? _store;
    private readonly Func<TimeProvider, Task<RelationalStore>> _open;
    private readonly Func<Task> _remove;

    private TestDatabase(RelationalStore? store, string location, Func<TimeProvider, Task<RelationalStore>> open, Func<Task> remove)
    {
        _store = store;
        Location = location;
        _open = open;
        _remove = remove;
    }

    public RelationalStore Store
    {
        get
        {
            if (_store is null)
            {
                TestPostgres.SkipUnlessAvailable();
            }

            return _store!;
        }
    }

    /// <summary>The SQLite file's path or the PostgreSQL connection string.</summary>
    public string Location { get; }

    /// <summary>A second store instance over the same database, as another process would open it.</summary>
    public Task<RelationalStore> OpenAnotherAsync(TimeProvider clock) => _open(clock);

    public static async Task<TestDatabase> SqliteAsync(TimeProvider clock)
    {
        var directory = Directory.CreateTempSubdirectory("qxm-test-").FullName;
        var path = Path.Combine(directory, "qxm.db");
        async Task<RelationalStore> Open(TimeProvider at) => await SqliteStore.OpenAsync(path, at, default);
        return new TestDatabase(await Open(clock), path, Open, () =>
        {
            Directory.Delete(directory, recursive: true);
            return Task.CompletedTask;
        });
    }

    public static async Task<TestDatabase> PostgresAsync(TimeProvider clock)
    {
        if (TestPostgres.AdminConnectionString is null)
        {
            return new TestDatabase(null, string.Empty, _ => throw new InvalidOperationException("no PostgreSQL server"), () => Task.CompletedTask);
        }

        var connectionString = await TestPostgres.CreateDatabaseAsync();
        async Task<RelationalStore> Open(TimeProvider at) => await PostgresStore.OpenAsync(connectionString, at, default);
        return new TestDatabase(await Open(clock), connectionString, Open, () => TestPostgres.DropDatabaseAsync(connectionString));
    }

    /// <summary>How many rows of a table name the run, read past the store: what it left behind.</summary>
    public async Task<long> CountRowsNamingAsync(string table, string runId)
    {
        await using DbConnection connection = Location.EndsWith(".db", StringComparison.Ordinal)
            ? new SqliteConnection($"Data Source={Location};Pooling=False")
            : new NpgsqlConnection(Location);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
#pragma warning disable CA2100 // The table is one of the test's own constants.
        command.CommandText = $"SELECT COUNT(*) FROM {table} WHERE run_id = @id";
#pragma warning restore CA2100
        var id = command.CreateParameter();
        (id.ParameterName, id.Value) = ("@id", runId);
        command.Parameters.Add(id);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
            await _remove();
        }
    }
}
