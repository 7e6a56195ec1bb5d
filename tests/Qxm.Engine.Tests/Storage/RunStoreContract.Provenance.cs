using Qxm.Domain.Provenance;
using Qxm.Engine.Persistence;

namespace Qxm.Engine.Tests.Storage;

/// <summary>The provenance port: execution facts once per attempt, links recorded on both runs, on every store.</summary>
public abstract partial class RunStoreContract
{
    private IRunProvenance Provenance => (IRunProvenance)Runs;

    [SkippableFact]
    public async Task Executions_RecordedPerAttempt_FirstRecordOfAnAttemptWins()
    {
        await CreateQueuedAsync("r-ex");
        var at = DateTimeOffset.FromUnixTimeMilliseconds(Clock.GetUtcNow().ToUnixTimeMilliseconds());
        var first = Facts(1, at, "cpu-a");

        await Provenance.RecordExecutionAsync("r-ex", first, default);
        await Provenance.RecordExecutionAsync("r-ex", Facts(1, at, "cpu-b"), default);
        await Provenance.RecordExecutionAsync("r-ex", Facts(2, at.AddSeconds(1), "cpu-c"), default);

        var executions = await Provenance.ListExecutionsAsync("r-ex", default);
        Assert.Equal(["cpu-a", "cpu-c"], executions.Select(e => e.CpuModel));
        Assert.Equal(first.Simulation, executions[0].Simulation);
        Assert.Equal(first.BoundCircuits, executions[0].BoundCircuits);
        Assert.Equal(first with { Simulation = executions[0].Simulation, BoundCircuits = executions[0].BoundCircuits }, executions[0]);
        Assert.Empty(await Provenance.ListExecutionsAsync("r-none", default));
    }

    [SkippableFact]
    public async Task Link_IsRecordedOnBothRuns()
    {
        await CreateQueuedAsync("r-l1");
        await CreateQueuedAsync("r-l2");
        var at = DateTimeOffset.FromUnixTimeMilliseconds(Clock.GetUtcNow().ToUnixTimeMilliseconds());

        await Provenance.LinkAsync("r-l2", "reproduces", "r-l1", "reproduced-by", at, "consistent", default);

        Assert.Equal([new RunLink("reproduces", "r-l1", at, "consistent")], await Provenance.ListLinksAsync("r-l2", default));
        Assert.Equal([new RunLink("reproduced-by", "r-l2", at, "consistent")], await Provenance.ListLinksAsync("r-l1", default));
        Assert.Equal([new ReproductionFact("default", "sim.statevector", "consistent")], await Provenance.ListReproductionsAsync(at, at.AddSeconds(1), default));
        Assert.Empty(await Provenance.ListReproductionsAsync(at.AddSeconds(1), at.AddSeconds(2), default));
    }

    [SkippableFact]
    public async Task Link_ReproductionAndCacheAnswer_AreAuditedOncePerVerdictInTheChain()
    {
        await CreateQueuedAsync("r-a1");
        await CreateQueuedAsync("r-a2");
        await CreateQueuedAsync("r-a3");
        var at = DateTimeOffset.FromUnixTimeMilliseconds(Clock.GetUtcNow().ToUnixTimeMilliseconds());

        await Provenance.LinkAsync("r-a2", "reproduces", "r-a1", "reproduced-by", at, "pending", default);
        await Provenance.LinkAsync("r-a2", "reproduces", "r-a1", "reproduced-by", at, "pending", default);
        await Provenance.LinkAsync("r-a2", "reproduces", "r-a1", "reproduced-by", at, "consistent", default);
        await Provenance.LinkAsync("r-a3", "cached-from", "r-a1", "answered", at, null, default);
        await Provenance.LinkAsync("r-a3", "cached-from", "r-a1", "answered", at, null, default);

        var log = (IAuditLog)Runs;
        var reproduced = await log.ListAsync(new AuditQuery(Action: "run.reproduced"), default);
        Assert.Equal(["rerun r-a2: pending", "rerun r-a2: consistent"], reproduced.Select(e => e.Entry.Detail));
        Assert.All(reproduced, e => Assert.Equal(("r-a1", "default"), (e.Entry.ObjectId, e.Entry.Tenant)));
        var cached = Assert.Single(await log.ListAsync(new AuditQuery(Action: "run.cached"), default));
        Assert.Equal(("r-a3", "answered from r-a1"), (cached.Entry.ObjectId, cached.Entry.Detail));
        var chain = await log.ReadChainAsync(0, 1000, default);
        Assert.Equal(Enumerable.Range(1, chain.Count).Select(i => (long)i), chain.Select(e => e.Position));
        Assert.All(chain.Skip(1).Zip(chain), pair => Assert.Equal(pair.Second.Hash, pair.First.PreviousHash));
        Assert.All(chain, e => Assert.Equal(e.Hash, Qxm.Engine.Audit.AuditChain.Hash(e.Position, e.At, e.Entry, e.PreviousHash)));
    }

    private static ExecutionFacts Facts(int attempt, DateTimeOffset at, string cpu) => new(
        attempt, at, "0.1.0", "abc123", ".NET 10", "Linux", "x64", cpu, 8, 256, "simulator", new string('t', 64), Calibrated: false, 0.25,
        new Dictionary<string, string> { ["method"] = "statevector" }, [new string('b', 64)]);
}
