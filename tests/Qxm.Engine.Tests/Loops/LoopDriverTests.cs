using Qxm.Domain.Experiments;
using Qxm.Domain.Loops;
using Qxm.Domain.Runs;
using Qxm.Engine.Loops;
using Qxm.Engine.Tests.Engine;

namespace Qxm.Engine.Tests.Loops;

public sealed class LoopDriverTests
{
    /// <summary>H2 in STO-3G at 0.735 Angstrom, total energy including nuclear repulsion.</summary>
    private const double H2GroundState = -1.13728;

    [Fact]
    public async Task Drive_VqeH2Example_ReachesTheGroundStateWithinChemicalAccuracy()
    {
        await using var fx = await EngineFixture.StartAsync();

        var loop = await DriveAsync(fx, EngineFixture.LoadExample("vqe-h2.yaml"));

        Assert.Equal(LoopState.Converged, loop.State);
        Assert.True(Math.Abs(loop.BestValue!.Value - H2GroundState) <= 1.6e-3, $"energy {loop.BestValue} Ha");
        var evaluations = await fx.Store.ListEvaluationsAsync(loop.Id, default);
        Assert.Equal(loop.Evaluations, evaluations.Count);
        var run = (await fx.Service.GetAsync(evaluations[^1].RunId, default))!;
        Assert.Contains(LoopDriver.TagPrefix + loop.Id, run.Tags);
        Assert.Equal(RunState.Succeeded, run.State);
    }

    [Fact]
    public async Task Drive_QaoaMaxCutExample_ReachesAnApproximationRatioOfAtLeastNinetyPercent()
    {
        await using var fx = await EngineFixture.StartAsync();

        var loop = await DriveAsync(fx, EngineFixture.LoadExample("qaoa-maxcut.yaml"));

        // The example graph's maximum cut is 10 of its 12 edges.
        Assert.Equal(LoopState.Converged, loop.State);
        Assert.True(loop.BestValue!.Value / 10 >= 0.9, $"expected cut {loop.BestValue}, ratio {loop.BestValue / 10}");
    }

    [Fact]
    public async Task Drive_InterruptedThenResumed_EndsExactlyWhereAnUninterruptedLoopEnds()
    {
        var experiment = ShotBasedVqe(OptimizerMethod.Spsa, maxIterations: 30);
        LoopRecord uninterrupted;
        IReadOnlyList<LoopEvaluation> expected;
        await using (var fx = await EngineFixture.StartAsync())
        {
            uninterrupted = await DriveAsync(fx, experiment);
            expected = await fx.Store.ListEvaluationsAsync(uninterrupted.Id, default);
        }

        await using var again = await EngineFixture.StartAsync();
        using var stop = new CancellationTokenSource();
        var driver = Driver(again, (_, e) =>
        {
            if (e.Index == 11)
            {
                stop.Cancel();
            }
        });
        var loop = await driver.CreateAsync(experiment, "default", EngineFixture.ExamplesDirectory, default);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => driver.DriveAsync(loop.Id, stop.Token));
        // Evaluation 11 is reported once stored, while the driver already submits the next run: the stop lands in
        // evaluation 12 (or, when that run was quicker than the report, in 13).
        Assert.InRange((await again.Store.GetLoopAsync(loop.Id, default))!.Evaluations, 12, 13);

        var resumed = await Driver(again).DriveAsync(loop.Id, default);

        Assert.Equal(LoopState.Stopped, resumed.State);
        Assert.Equal(uninterrupted.BestValue, resumed.BestValue);
        Assert.Equal(uninterrupted.BestParameters, resumed.BestParameters);
        var evaluations = await again.Store.ListEvaluationsAsync(loop.Id, default);
        Assert.Equal(30, evaluations.Count);
        Assert.Equal(expected.Select(e => e.Value), evaluations.Select(e => e.Value));
        Assert.Equal(expected.Select(e => e.Parameters), evaluations.Select(e => e.Parameters));
    }

    [Fact]
    public async Task Drive_ShotBudget_StopsBeforeARunWouldPassIt()
    {
        await using var fx = await EngineFixture.StartAsync();
        var experiment = ShotBasedVqe(OptimizerMethod.NelderMead, maxIterations: 100);
        experiment = experiment with { Optimize = experiment.Optimize! with { MaxShots = 9_000 } };

        var loop = await DriveAsync(fx, experiment);

        // H2's terms need two bases (the Z-type strings, and XX), so a run of 1,000 shots measures 2,000.
        Assert.Equal(LoopState.Stopped, loop.State);
        Assert.Equal(4, loop.Evaluations);
        Assert.StartsWith("maxShots", loop.Reason, StringComparison.Ordinal);
        Assert.Equal(8_000, (await fx.Store.ListEvaluationsAsync(loop.Id, default)).Sum(e => e.Shots));
    }

    private static ExperimentDefinition ShotBasedVqe(OptimizerMethod method, int maxIterations)
    {
        var example = EngineFixture.LoadExample("vqe-h2.yaml");
        return example with
        {
            Expectation = Qxm.Domain.Observables.ExpectationMode.Shots,
            Optimize = example.Optimize! with { Method = method, MaxIterations = maxIterations, Step = 0.3, Seed = 5 },
        };
    }

    private static async Task<LoopRecord> DriveAsync(EngineFixture fx, ExperimentDefinition experiment)
    {
        var driver = Driver(fx);
        var loop = await driver.CreateAsync(experiment, "default", EngineFixture.ExamplesDirectory, default);
        return await driver.DriveAsync(loop.Id, default);
    }

    private static LoopDriver Driver(EngineFixture fx, Action<LoopRecord, LoopEvaluation>? progress = null) =>
        new(fx.Service, fx.Store, (id, ct) => fx.RunToEndAsync(id, ct), TimeProvider.System) { Progress = progress };
}
