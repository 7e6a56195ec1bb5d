using Microsoft.Extensions.Time.Testing;
using Qxm.Engine.Persistence;

namespace Qxm.Engine.Tests.Storage;

public sealed class SqliteTenantCredentialStoreTests : TenantCredentialStoreContract
{
    private TestDatabase? _database;

    protected override ITenantCredentialStore Credentials => _database!.Store;

    public override async Task InitializeAsync() => _database = await TestDatabase.SqliteAsync(new FakeTimeProvider());

    public override async Task DisposeAsync() => await _database!.DisposeAsync();
}
