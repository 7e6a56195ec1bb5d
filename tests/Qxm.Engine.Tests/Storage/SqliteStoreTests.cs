using Qxm.Engine.Persistence;

namespace Qxm.Engine.Tests.Storage;

public sealed class SqliteStoreTests : RunStoreContract
{
    private TestDatabase? _database;

    protected override IRunStore Runs => _database!.Store;

    protected override IRunLeases Leases => _database!.Store;

    protected override IResultStore Results => _database!.Store;

    protected override IReservationStore Reservations => _database!.Store;

    public override async Task InitializeAsync() => _database = await TestDatabase.SqliteAsync(Clock);

    public override async Task DisposeAsync() => await _database!.DisposeAsync();

    [SkippableFact]
    public async Task Open_Twice_AppliesMigrationsOnce()
    {
        await using var again = await _database!.OpenAnotherAsync(Clock);
        Assert.Empty(await again.ListAsync(new RunQuery(), default));
    }
}
