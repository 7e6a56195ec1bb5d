using Qxm.Engine.Persistence;

namespace Qxm.Engine.Tests.Storage;

/// <summary>The run-cost port on every store: estimates stored with the runs, actual costs recorded, budgets checked at
/// admission over both (exact to the micro-dollar), and the chargeback report grouped and filtered.</summary>
public abstract partial class RunStoreContract
{
    private IRunCosts Costs => (IRunCosts)Runs;

    [SkippableFact]
    public async Task Budget_CountsActualCostsWhereKnownElseEstimates_AndRefusesTheRunThatWouldOverrunIt()
    {
        var day = new DateTimeOffset(Clock.GetUtcNow().UtcDateTime.Date, TimeSpan.Zero);
        var limits = new AdmissionLimits(null, null, day) { BudgetPerDay = 10m, BudgetPerMonth = 100m, MonthStart = day.AddDays(-3) };
        Assert.Equal(CreateStatus.Created, (await Runs.CreateAsync(NewQueued("r-c1", "lab", null) with { EstimatedCostUsd = 4.000001m }, limits, default)).Status);
        Assert.Equal(CreateStatus.Created, (await Runs.CreateAsync(NewQueued("r-c2", "lab", null) with { EstimatedCostUsd = 3m }, limits, default)).Status);
        await Costs.RecordActualCostAsync("r-c1", 2.5m, default);

        var fits = await Runs.CreateAsync(NewQueued("r-c3", "lab", null) with { EstimatedCostUsd = 4.5m }, limits, default);
        var over = await Runs.CreateAsync(NewQueued("r-c4", "lab", null) with { EstimatedCostUsd = 0.000001m }, limits, default);
        var monthly = await Runs.CreateAsync(NewQueued("r-c5", "lab", null) with { EstimatedCostUsd = 1m }, limits with { BudgetPerDay = null, BudgetPerMonth = 10.5m }, default);
        var otherTenant = await Runs.CreateAsync(NewQueued("r-c6", "other", null) with { EstimatedCostUsd = 50m }, AdmissionLimits.None, default);

        Assert.Equal((CreateStatus.Created, CreateStatus.BudgetExceeded, CreateStatus.BudgetExceeded, CreateStatus.Created),
            (fits.Status, over.Status, monthly.Status, otherTenant.Status));
        Assert.Null(await Runs.GetAsync("r-c4", default));
        Assert.Equal(
            [new CostLine("lab", 3, 11.500001m, 2.5m, 10m, 1), new CostLine("other", 1, 50m, 0m, 50m, 0)],
            await Costs.ListCostsAsync(new CostQuery(CostGrouping.Tenant), default));
        Assert.Equal(
            [new CostLine("sim.statevector", 3, 11.500001m, 2.5m, 10m, 1)],
            await Costs.ListCostsAsync(new CostQuery(CostGrouping.Backend, "lab", day), default));
        Assert.Empty(await Costs.ListCostsAsync(new CostQuery(CostGrouping.Experiment, null, day.AddDays(1)), default));
    }
}
