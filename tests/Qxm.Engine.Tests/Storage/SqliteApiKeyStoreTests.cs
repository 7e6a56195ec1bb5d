using Qxm.Engine.Persistence;
using Qxm.Storage.Sqlite;

namespace Qxm.Engine.Tests.Storage;

public sealed class SqliteApiKeyStoreTests : ApiKeyStoreContract
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "qxm-test-" + Guid.NewGuid().ToString("N"));
    private SqliteStore? _store;

    protected override IApiKeyStore Keys => _store!;

    public override async Task InitializeAsync() => _store = await SqliteStore.OpenAsync(Path.Combine(_directory, "qxm.db"), Clock, default);

    public override async Task DisposeAsync()
    {
        await _store!.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
