using System.Data.Common;
using Npgsql;
using Qxm.Tests.Shared;

namespace Qxm.Server.Tests.Cli.Commands;

public sealed class PostgresAuditTamperTests : AuditTamperTests
{
    private string? _connectionString;

    protected override string? Store
    {
        get
        {
            TestPostgres.SkipUnlessAvailable();
            return _connectionString;
        }
    }

    public override async Task InitializeAsync()
    {
        if (TestPostgres.AdminConnectionString is null)
        {
            return;
        }

        _connectionString = await TestPostgres.CreateDatabaseAsync();
        await WriteChainAsync();
    }

    public override async Task DisposeAsync()
    {
        if (_connectionString is not null)
        {
            await TestPostgres.DropDatabaseAsync(_connectionString);
        }

        await base.DisposeAsync();
    }

    protected override async Task<DbConnection> OpenAsAttackerAsync()
    {
        TestPostgres.SkipUnlessAvailable();
        var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand("DROP TRIGGER IF EXISTS audit_events_append_only ON audit_events", connection);
        await drop.ExecuteNonQueryAsync();
        return connection;
    }
}
