using Microsoft.Data.Sqlite;
using Qxm.Engine.Persistence;
using Qxm.Storage.Sqlite;

namespace Qxm.Engine.Tests.Storage;

/// <summary>Opening a SQLite database whose schema is current reads the migration record and writes nothing.</summary>
public sealed class SqliteMigrationTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("qxm-migrations-").FullName;

    [Fact]
    public async Task Open_CurrentSchemaWhileAnotherProcessWrites_DoesNotWaitForTheWriteLock()
    {
        var path = Path.Combine(_directory, "qxm.db");
        await (await SqliteStore.OpenAsync(path, TimeProvider.System, default)).DisposeAsync();
        await using var writer = new SqliteConnection($"Data Source={path};Pooling=False");
        await writer.OpenAsync();
        await using var busy = writer.CreateCommand();
        busy.CommandText = "PRAGMA busy_timeout = 0; BEGIN IMMEDIATE";
        await busy.ExecuteNonQueryAsync();

        // A migration taking the write lock would wait out SQLite's busy timeout and then fail with SQLITE_BUSY: no
        // wall-clock budget of the test's own is needed to see it.
        await using var store = await SqliteStore.OpenAsync(path, TimeProvider.System, default);
        Assert.Empty(await store.ListAsync(new RunQuery(), default));
    }

    [Fact]
    public async Task Open_NewDatabase_RecordsEveryMigrationOnce()
    {
        var path = Path.Combine(_directory, "fresh.db");
        await (await SqliteStore.OpenAsync(path, TimeProvider.System, default)).DisposeAsync();
        await (await SqliteStore.OpenAsync(path, TimeProvider.System, default)).DisposeAsync();
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await using var count = connection.CreateCommand();
        count.CommandText = "SELECT COUNT(*), COUNT(DISTINCT version), MIN(version) FROM schema_migrations";
        await using var reader = await count.ExecuteReaderAsync();
        await reader.ReadAsync();

        var scripts = typeof(SqliteStore).Assembly.GetManifestResourceNames().Count(n => n.StartsWith("migrations/Sqlite/", StringComparison.Ordinal));
        Assert.True(scripts >= 18, $"{scripts} scripts embedded");
        Assert.Equal(scripts, reader.GetInt32(0));
        Assert.Equal(scripts, reader.GetInt32(1));
        Assert.Equal(1, reader.GetInt32(2));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
