using Qxm.Domain.Runs;
using Qxm.Engine.Audit;
using Qxm.Engine.Persistence;

namespace Qxm.Engine.Tests.Storage;

/// <summary>The group commit of a run's hot writes (submission, claim, execution facts, result), on every store.</summary>
public abstract partial class RunStoreContract
{
    [SkippableFact]
    public async Task GroupCommit_ManyWorkersClaimAndComplete_EveryRunOnceWithItsFactsAndHistory()
    {
        const int count = 40;
        for (var i = 0; i < count; i++)
        {
            await CreateQueuedAsync($"r-g{i}");
        }

        var at = DateTimeOffset.FromUnixTimeMilliseconds(Clock.GetUtcNow().ToUnixTimeMilliseconds());

        // Every run is claimed by two workers at once and completed by whoever won, all writes in flight together.
        var outcomes = await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            var claims = await Task.WhenAll(
                Leases.ClaimAsync($"r-g{i}", "w1", TimeSpan.FromSeconds(30), default),
                Leases.ClaimAsync($"r-g{i}", "w2", TimeSpan.FromSeconds(30), default));
            var winner = Assert.Single(claims, c => c is not null)!;
            return await Results.CompleteAsync(Result(winner.Run.Id, i % 10), Facts(winner.Run.Attempts, at, $"cpu-{i}"), "w", default);
        }));

        Assert.All(outcomes, Assert.True);
        for (var i = 0; i < count; i++)
        {
            Assert.Equal(RunState.Succeeded, (await Runs.GetAsync($"r-g{i}", default))!.State);
            Assert.Equal(i % 10, (await Results.GetAsync($"r-g{i}", default))!.Points[0].Counts["1"]);
            Assert.Equal([$"cpu-{i}"], (await Provenance.ListExecutionsAsync($"r-g{i}", default)).Select(e => e.CpuModel));
            Assert.Equal([RunState.Validated, RunState.Queued, RunState.Running, RunState.Succeeded],
                (await Runs.GetHistoryAsync($"r-g{i}", default)).Select(t => t.To));
        }

        // A group's claims and results link their audit events once, at the group's end (decision 0044): still one
        // gapless chain, and every run's events in the order of its transitions.
        var chain = await ((IAuditLog)Runs).ReadChainAsync(0, 100_000, default);
        for (var i = 0; i < chain.Count; i++)
        {
            Assert.Equal(i + 1, chain[i].Position);
            Assert.Equal(i == 0 ? AuditChain.Genesis : chain[i - 1].Hash, chain[i].PreviousHash);
            Assert.Equal(AuditChain.Hash(chain[i].Position, chain[i].At, chain[i].Entry, chain[i].PreviousHash), chain[i].Hash);
        }

        for (var i = 0; i < count; i++)
        {
            Assert.Equal(["run.validated", "run.queued", "run.running", "run.succeeded"],
                chain.Where(e => string.Equals(e.Entry.ObjectId, $"r-g{i}", StringComparison.Ordinal)).Select(e => e.Entry.Action));
        }
    }

    [SkippableFact]
    public async Task GroupCommit_OneFailingWrite_FailsAloneAndTheWritesBesideItCommit()
    {
        await CreateQueuedAsync("r-f1");
        await CreateQueuedAsync("r-f2");

        // Enqueued together: the second submission of r-f2 breaks its group's transaction; it alone gets the error.
        var claim = Leases.ClaimAsync("r-f1", "w1", TimeSpan.FromSeconds(30), default);
        var duplicate = Runs.CreateAsync(NewQueued("r-f2", "default", null), AdmissionLimits.None, default);
        var fresh = Runs.CreateAsync(NewQueued("r-f3", "default", null), AdmissionLimits.None, default);

        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => duplicate);
        Assert.NotNull(await claim);
        Assert.Equal(CreateStatus.Created, (await fresh).Status);
        Assert.Equal(RunState.Running, (await Runs.GetAsync("r-f1", default))!.State);
        Assert.Equal(RunState.Queued, (await Runs.GetAsync("r-f3", default))!.State);
    }

    [SkippableFact]
    public async Task Complete_WithFacts_ALaterAttemptKeepsItsFactsButNotItsResult()
    {
        await CreateQueuedAsync("r-cf");
        var claimed = await Leases.ClaimAsync("r-cf", "w1", TimeSpan.FromSeconds(30), default);
        var at = DateTimeOffset.FromUnixTimeMilliseconds(Clock.GetUtcNow().ToUnixTimeMilliseconds());

        Assert.True(await Results.CompleteAsync(Result("r-cf", 3), Facts(claimed!.Run.Attempts, at, "cpu-a"), "w1", default));
        Assert.False(await Results.CompleteAsync(Result("r-cf", 8), Facts(claimed.Run.Attempts + 1, at, "cpu-b"), "w2", default));

        Assert.Equal(3, (await Results.GetAsync("r-cf", default))!.Points[0].Counts["1"]);
        Assert.Equal(["cpu-a", "cpu-b"], (await Provenance.ListExecutionsAsync("r-cf", default)).Select(e => e.CpuModel));
    }
}
