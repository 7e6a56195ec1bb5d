using Qxm.Engine.Persistence;
using Qxm.Storage.Sqlite;

namespace Qxm.Engine.Tests.Storage;

public sealed class SqliteCalibrationStoreTests : CalibrationStoreContract
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "qxm-test-" + Guid.NewGuid().ToString("N"));
    private SqliteStore? _store;

    protected override IRunStore Runs => _store!;

    protected override IRunLeases Leases => _store!;

    protected override ICalibrationStore History => _store!;

    protected override IDriftStore Drift => _store!;

    protected override IDriftHolds Holds => _store!;

    public override async Task InitializeAsync() => _store = await SqliteStore.OpenAsync(Path.Combine(_directory, "qxm.db"), Clock, default);

    public override async Task DisposeAsync()
    {
        await _store!.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
