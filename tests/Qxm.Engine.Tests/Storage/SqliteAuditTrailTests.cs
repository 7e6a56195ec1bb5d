using Qxm.Storage.Relational;
using Qxm.Storage.Sqlite;

namespace Qxm.Engine.Tests.Storage;

public sealed class SqliteAuditTrailTests : AuditTrailContract
{
    private readonly string _directory = Directory.CreateTempSubdirectory("qxm-test-").FullName;
    private SqliteStore? _store;

    protected override RelationalStore Store => _store!;

    private string DatabasePath => Path.Combine(_directory, "qxm.db");

    public override async Task InitializeAsync() => _store = await SqliteStore.OpenAsync(DatabasePath, Clock, default);

    protected override async Task<RelationalStore> OpenAnotherAsync() => await SqliteStore.OpenAsync(DatabasePath, Clock, default);

    public override async Task DisposeAsync()
    {
        await _store!.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
        await base.DisposeAsync();
    }
}
