using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Qxm.Server.Tests.Cli.Commands;

public sealed class SqliteAuditTamperTests : AuditTamperTests
{
    protected override string? Store => null;

    public override Task InitializeAsync() => WriteChainAsync();

    public override Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        return base.DisposeAsync();
    }

    protected override async Task<DbConnection> OpenAsAttackerAsync()
    {
        var connection = new SqliteConnection($"Data Source={Path.Combine(HomePath, "qxm.db")};Pooling=false");
        await connection.OpenAsync();
        await using var drop = connection.CreateCommand();
        drop.CommandText = "DROP TRIGGER IF EXISTS audit_events_no_update; DROP TRIGGER IF EXISTS audit_events_no_delete";
        await drop.ExecuteNonQueryAsync();
        return connection;
    }
}
