using Qxm.Engine.Persistence;

namespace Qxm.Engine.Tests.Storage;

public sealed class PostgresLoopStoreTests : LoopStoreContract
{
    private TestDatabase? _database;

    protected override ILoopStore Loops => _database!.Store;

    public override async Task InitializeAsync() => _database = await TestDatabase.PostgresAsync(Clock);

    public override async Task DisposeAsync() => await _database!.DisposeAsync();
}
