using Qxm.Domain.Runs;
using Qxm.Engine.Api;
using Qxm.Engine.Reproduction;
using Qxm.Engine.Tests.Engine;

namespace Qxm.Engine.Tests.Reproduction;

/// <summary>One end-to-end reproduction per verdict, on a real engine and store: submit, run, reproduce, run, compare.</summary>
public sealed class ReproduceServiceTests
{
    private const string Uniform = "OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit[2] q;\nbit[2] c;\nh q[0];\nh q[1];\nc = measure q;\n";

    /// <summary>Twenty CNOTs that cancel: the ideal answer is always 11, and noise spreads it.</summary>
    private static readonly string Deep = "OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit[2] q;\nbit[2] c;\nx q[0];\ncx q[0], q[1];\n"
        + string.Concat(Enumerable.Repeat("cx q[0], q[1];\ncx q[0], q[1];\n", 10)) + "c = measure q;\n";

    [Fact]
    public async Task Reproduce_SeededSimulatorRun_IsIdentical_AndLinkedInBothProvenances()
    {
        await using var fx = await EngineFixture.StartAsync();
        var (original, comparison) = await ReproduceAsync(fx, EngineFixture.Inline(Uniform, shots: 2000, seed: 11), null, null);

        Assert.Equal(ReproduceVerdict.Identical, comparison.Verdict);
        var provenance = fx.Engine.ProvenanceFor(fx.Service, null);
        var originalLinks = (await provenance.GetProvenanceAsync(original, default))!.Links;
        var link = Assert.Single(originalLinks);
        Assert.Equal(("reproduced-by", comparison.RerunId, "identical"), (link.Relation, link.RunId, link.Detail));
        Assert.Contains((await provenance.GetProvenanceAsync(comparison.RerunId, default))!.Links, l => l.Relation == "reproduces" && l.RunId == original);
    }

    [Fact]
    public async Task Reproduce_WithOtherShots_IsConsistent()
    {
        await using var fx = await EngineFixture.StartAsync();
        var (_, comparison) = await ReproduceAsync(fx, EngineFixture.Inline(Uniform, shots: 8000, seed: 11), null, 9000);

        Assert.Equal(ReproduceVerdict.Consistent, comparison.Verdict);
        Assert.All(comparison.Points, p => Assert.True(p.PValue >= comparison.Alpha));
    }

    [Fact]
    public async Task Reproduce_OnANoisyBackend_IsInconsistent()
    {
        await using var fx = await EngineFixture.StartAsync();
        var (_, comparison) = await ReproduceAsync(fx, EngineFixture.Inline(Deep, shots: 4000, seed: 11), "sim.noisy", null);

        Assert.Equal(ReproduceVerdict.Inconsistent, comparison.Verdict);
        Assert.True(comparison.Points[0].PValue < comparison.Alpha);
    }

    [Fact]
    public async Task Reproduce_WithFewShots_IsInconclusive()
    {
        await using var fx = await EngineFixture.StartAsync();
        var (_, comparison) = await ReproduceAsync(fx, EngineFixture.Inline(Uniform, shots: 2000, seed: 11), null, 30);

        Assert.Equal(ReproduceVerdict.Inconclusive, comparison.Verdict);
    }

    [Fact]
    public async Task Reproduce_UnfinishedOrUnknownRun_IsRefused()
    {
        await using var fx = await EngineFixture.StartAsync();
        var queued = (await fx.Service.SubmitAsync(EngineFixture.Inline(Uniform), new SubmitOptions(), default)).Run!;
        var service = fx.Engine.ReproduceFor(fx.Service);

        Assert.Equal(ReproduceStatus.NotSucceeded, (await service.ReproduceAsync(queued.Id, null, null, default)).Status);
        Assert.Equal(ReproduceStatus.NotFound, (await service.ReproduceAsync("r-nope", null, null, default)).Status);
        Assert.Equal(ComparisonStatus.NotAReproduction, (await service.CompareAsync(queued.Id, default)).Status);
    }

    private static async Task<(string Original, RunComparison Comparison)> ReproduceAsync(
        EngineFixture fx, Qxm.Domain.Experiments.ExperimentDefinition experiment, string? backend, int? shots)
    {
        var original = (await fx.Service.SubmitAsync(experiment, new SubmitOptions(), default)).Run!;
        Assert.True(await fx.Engine.RunOnceAsync("w", default));
        var service = fx.Engine.ReproduceFor(fx.Service);
        var outcome = await service.ReproduceAsync(original.Id, backend, shots, default);
        Assert.Equal(ReproduceStatus.Submitted, outcome.Status);
        Assert.Equal(ComparisonStatus.NotFinished, (await service.CompareAsync(outcome.Rerun!.Id, default)).Status);
        Assert.True(await fx.Engine.RunOnceAsync("w", default));
        Assert.Equal(RunState.Succeeded, (await fx.Service.GetAsync(outcome.Rerun.Id, default))!.State);
        var compared = await service.CompareAsync(outcome.Rerun.Id, default);
        Assert.Equal(ComparisonStatus.Compared, compared.Status);
        return (original.Id, compared.Comparison!);
    }
}
