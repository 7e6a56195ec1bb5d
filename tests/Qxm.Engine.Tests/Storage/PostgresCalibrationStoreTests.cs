using Qxm.Engine.Persistence;

namespace Qxm.Engine.Tests.Storage;

public sealed class PostgresCalibrationStoreTests : CalibrationStoreContract
{
    private TestDatabase? _database;

    protected override IRunStore Runs => _database!.Store;

    protected override IRunLeases Leases => _database!.Store;

    protected override ICalibrationStore History => _database!.Store;

    protected override IDriftStore Drift => _database!.Store;

    protected override IDriftHolds Holds => _database!.Store;

    protected override IAuditLog Audit => _database!.Store;

    public override async Task InitializeAsync() => _database = await TestDatabase.PostgresAsync(Clock);

    public override async Task DisposeAsync() => await _database!.DisposeAsync();
}
