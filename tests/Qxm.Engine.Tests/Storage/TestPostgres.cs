using Npgsql;

namespace Qxm.Engine.Tests.Storage;

/// <summary>A fresh database per test on the PostgreSQL server named by <c>QXM_TEST_POSTGRES</c>
/// (scripts/test-postgres.sh starts one; .ci/run always does). Without it the PostgreSQL tests are skipped,
/// unless <c>QXM_REQUIRE_POSTGRES=1</c> (set by CI), where they fail instead.</summary>
internal static class TestPostgres
{
    public static string? AdminConnectionString => Environment.GetEnvironmentVariable("QXM_TEST_POSTGRES");

    public static void SkipUnlessAvailable()
    {
        if (AdminConnectionString is null && Environment.GetEnvironmentVariable("QXM_REQUIRE_POSTGRES") == "1")
        {
            throw new InvalidOperationException("QXM_REQUIRE_POSTGRES=1 but QXM_TEST_POSTGRES is not set");
        }

        Skip.If(AdminConnectionString is null, "PostgreSQL not configured: eval \"$(scripts/test-postgres.sh start DIR)\" to run these tests");
    }

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync()
    {
        var name = "qxm_t_" + Guid.NewGuid().ToString("N");
        await using (var admin = new NpgsqlConnection(AdminConnectionString))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            await create.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name }.ToString();
    }

    public static async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(AdminConnectionString);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}
