using Qxm.Engine.Persistence;

namespace Qxm.Engine.Tests.Storage;

public sealed class SqliteSessionStoreTests : SessionStoreContract
{
    private TestDatabase? _database;

    protected override ISessionStore Sessions => _database!.Store;

    protected override IAuditLog Audit => _database!.Store;

    public override async Task InitializeAsync() => _database = await TestDatabase.SqliteAsync(Clock);

    public override async Task DisposeAsync() => await _database!.DisposeAsync();
}
