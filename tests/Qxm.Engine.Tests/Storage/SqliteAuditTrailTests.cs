using Qxm.Storage.Relational;

namespace Qxm.Engine.Tests.Storage;

public sealed class SqliteAuditTrailTests : AuditTrailContract
{
    private TestDatabase? _database;

    protected override RelationalStore Store => _database!.Store;

    public override async Task InitializeAsync() => _database = await TestDatabase.SqliteAsync(Clock);

    protected override Task<RelationalStore> OpenAnotherAsync() => _database!.OpenAnotherAsync(Clock);

    public override async Task DisposeAsync()
    {
        await _database!.DisposeAsync();
        await base.DisposeAsync();
    }
}
