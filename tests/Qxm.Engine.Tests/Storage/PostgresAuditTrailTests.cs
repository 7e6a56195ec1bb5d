using Qxm.Storage.Postgres;
using Qxm.Storage.Relational;
using Qxm.Tests.Shared;

namespace Qxm.Engine.Tests.Storage;

public sealed class PostgresAuditTrailTests : AuditTrailContract
{
    private PostgresStore? _store;
    private string? _connectionString;

    protected override RelationalStore Store
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

    protected override async Task<RelationalStore> OpenAnotherAsync() => await PostgresStore.OpenAsync(_connectionString!, Clock, default);

    public override async Task DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
            await TestPostgres.DropDatabaseAsync(_connectionString!);
        }

        await base.DisposeAsync();
    }
}
