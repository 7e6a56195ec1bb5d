using Qxm.Domain.Calibration;
using Qxm.Domain.Tenancy;
using Qxm.Engine.Tenancy;

namespace Qxm.Engine.Tests.Tenancy;

public sealed class TenantCatalogTests : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"qxm-tenants-{Guid.NewGuid():N}.yaml");

    [Fact]
    public void Load_ValidFile_ReadsTenantsAndKeepsDefault()
    {
        File.WriteAllText(_file, """
            tenants:
              - id: physics
                weight: 4
                maxQueuedRuns: 100
                shotsPerDay: 1000000
                allowedBackends: [sim.statevector]
              - id: chemistry
            """);

        var (catalog, error) = TenantCatalog.Load(_file);

        Assert.Null(error);
        Assert.True(catalog!.TryGet("physics", out var physics));
        Assert.Equal((4.0, 100, 1_000_000L), (physics.Weight, physics.MaxQueuedRuns, physics.ShotsPerDay));
        Assert.True(physics.MayUse("sim.statevector"));
        Assert.False(physics.MayUse("fake.x"));
        Assert.True(catalog.TryGet("chemistry", out var chemistry));
        Assert.Equal(1.0, chemistry.Weight);
        Assert.True(catalog.TryGet("default", out _));
        Assert.Equal(3, catalog.All.Count);
    }

    [Fact]
    public void Load_Budgets_AreDollarsPerDayAndMonth_AndANegativeOneIsAnError()
    {
        File.WriteAllText(_file, "tenants:\n  - id: lab\n    budgetPerDay: 25.50\n    budgetPerMonth: 400\n");
        Assert.True(TenantCatalog.Load(_file).Catalog!.TryGet("lab", out var lab));
        Assert.Equal((25.50m, 400m), (lab.BudgetPerDay, lab.BudgetPerMonth));

        File.WriteAllText(_file, "tenants:\n  - id: lab\n    budgetPerDay: -1\n");
        Assert.Equal("tenants.value", TenantCatalog.Load(_file).Error?.Rule);
    }

    [Fact]
    public void Load_OnDrift_IsTheTenantsPolicy_AndAnUnknownOneIsAnError()
    {
        File.WriteAllText(_file, "tenants:\n  - id: lab\n    onDrift: hold\n");
        Assert.True(TenantCatalog.Load(_file).Catalog!.TryGet("lab", out var lab));
        Assert.Equal(DriftPolicy.Hold, lab.OnDrift);

        File.WriteAllText(_file, "tenants:\n  - id: lab\n    onDrift: wait\n");
        var error = TenantCatalog.Load(_file).Error;
        Assert.Equal("tenants.value", error?.Rule);
        Assert.Contains("onDrift must be run, flag or hold, not 'wait'", error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_Failover_IsTheTenantsAlternativesPerBackend()
    {
        File.WriteAllText(_file, "tenants:\n  - id: lab\n    failover:\n      fake.heavyhex27: [fake.ion25, sim.noisy, fake.ion25]\n");

        Assert.True(TenantCatalog.Load(_file).Catalog!.TryGet("lab", out var lab));

        Assert.Equal(["fake.ion25", "sim.noisy"], lab.Failover["fake.heavyhex27"]);
        Assert.False(lab.Failover.ContainsKey("sim.statevector"));
    }

    [Fact]
    public void Load_Retention_IsTheTenantsPolicy_AndABadOneIsAnError()
    {
        File.WriteAllText(_file, "tenants:\n  - id: lab\n    retention:\n      keepResultsDays: 30\n      afterResults: delete\n      keepRejectedDays: 7\n  - id: open\n");
        var catalog = TenantCatalog.Load(_file).Catalog!;
        Assert.True(catalog.TryGet("lab", out var lab));
        Assert.Equal(new RetentionPolicy(TimeSpan.FromDays(30), RetentionExpiry.Delete, TimeSpan.FromDays(7)), lab.Retention);
        Assert.True(catalog.TryGet("open", out var open));
        Assert.Equal(RetentionPolicy.KeepAll, open.Retention);

        File.WriteAllText(_file, "tenants:\n  - id: lab\n    retention:\n      afterResults: shred\n");
        Assert.Contains("afterResults must be archive or delete", TenantCatalog.Load(_file).Error!.Message, StringComparison.Ordinal);
        File.WriteAllText(_file, "tenants:\n  - id: lab\n    retention:\n      keepResultsDays: 0\n");
        Assert.Contains("keepResultsDays", TenantCatalog.Load(_file).Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NonPositiveWeight_IsAnError()
    {
        File.WriteAllText(_file, "tenants:\n  - id: x\n    weight: 0\n");

        Assert.Equal("tenants.value", TenantCatalog.Load(_file).Error?.Rule);
    }

    [Fact]
    public void Load_UnknownField_IsASyntaxErrorWithPosition()
    {
        File.WriteAllText(_file, "tenants:\n  - id: x\n    wieght: 2\n");

        var error = TenantCatalog.Load(_file).Error;

        Assert.Equal(("tenants.syntax", 3), (error?.Rule, error?.Line));
    }

    [Fact]
    public void Load_MissingFile_IsAnError() => Assert.Equal("tenants.file-not-found", TenantCatalog.Load(_file + ".none").Error?.Rule);

    public void Dispose() => File.Delete(_file);
}
