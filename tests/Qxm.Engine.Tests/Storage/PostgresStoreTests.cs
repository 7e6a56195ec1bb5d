using Qxm.Engine.Persistence;
using Qxm.Storage.Postgres;

namespace Qxm.Engine.Tests.Storage;

public sealed class PostgresStoreTests : RunStoreContract
{
    private PostgresStore? _store;
    private string? _connectionString;

    protected override IRunStore Runs => Store;

    protected override IRunLeases Leases => Store;

    protected override IResultStore Results => Store;

    protected override IReservationStore Reservations => Store;

    private PostgresStore Store
    {
        get
        {
            TestPostgres.SkipUnlessAvailable();
            return _store!;
        }
    }

    public override async Task InitializeAsync()
    {
        if (TestPostgres.AdminConnectionString is null)
        {
            return;
        }

        _connectionString = await TestPostgres.CreateDatabaseAsync();
        _store = await PostgresStore.OpenAsync(_connectionString, Clock, default);
    }

    public override async Task DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
            await TestPostgres.DropDatabaseAsync(_connectionString!);
        }
    }

    [SkippableFact]
    public async Task Open_ConcurrentInstances_MigrateOnce()
    {
        TestPostgres.SkipUnlessAvailable();
        var stores = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => PostgresStore.OpenAsync(_connectionString!, Clock, default)));
        foreach (var store in stores)
        {
            Assert.Empty(await store.ListAsync(new RunQuery(), default));
            await store.DisposeAsync();
        }
    }
}
