using Microsoft.Extensions.Time.Testing;
using Qxm.Domain.Audit;
using Qxm.Domain.Runs;
using Qxm.Engine.Audit;
using Qxm.Engine.Persistence;
using Qxm.Storage.Audit;
using Qxm.Storage.Relational;

namespace Qxm.Engine.Tests.Storage;

/// <summary>The audit port's behaviour on every store: one hash chain holding every run transition and every appended
/// action, however many writers. Each store's test class derives from this and opens a real database.</summary>
public abstract class AuditTrailContract : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("qxm-audit-").FullName;

    protected FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));

    protected abstract RelationalStore Store { get; }

    /// <summary>Another instance over the same database (its own connections), as a second process would open it.</summary>
    protected abstract Task<RelationalStore> OpenAnotherAsync();

    public abstract Task InitializeAsync();

    public virtual Task DisposeAsync()
    {
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    [SkippableFact]
    public async Task Append_LinksConsecutivePositions()
    {
        var first = await Store.AppendAsync(Entry("a"), default);
        Clock.Advance(TimeSpan.FromSeconds(1));
        var second = await Store.AppendAsync(Entry("b"), default);

        Assert.Equal((1, AuditChain.Genesis), (first.Position, first.PreviousHash));
        Assert.Equal((2, first.Hash), (second.Position, second.PreviousHash));
        Assert.Equal(Clock.GetUtcNow(), second.At);
        var stored = await Store.ReadChainAsync(0, 10, default);
        Assert.Equal([first, second], stored);
        Assert.Equal(second, await Store.GetHeadAsync(default));
        Assert.Equal(AuditChain.Hash(2, second.At, second.Entry, first.Hash), stored[1].Hash);
    }

    [SkippableFact]
    public async Task RunLifecycle_EveryTransitionIsAnEventOfTheRunsTenant()
    {
        await CreateQueuedAsync("r-1", "physics");
        Assert.NotNull(await Store.ClaimAsync("r-1", "w1", TimeSpan.FromSeconds(10), default));
        Assert.True(await Store.CompleteAsync(Result("r-1"), "w1", default));
        await CreateQueuedAsync("r-2", "chemistry");
        Assert.True(await Store.TransitionAsync("r-2", RunState.Queued, RunState.Cancelled, "api", "cancelled by request", default));
        await CreateQueuedAsync("r-3", "physics");
        Assert.NotNull(await Store.ClaimAsync("r-3", "w2", TimeSpan.FromSeconds(10), default));
        Clock.Advance(TimeSpan.FromSeconds(11));
        Assert.Equal(1, await Store.RequeueExpiredAsync(default));

        var events = await Store.ListAsync(new AuditQuery(Limit: 100), default);
        Assert.Equal(
            [
                ("r-1", "physics", "test", "run.validated"), ("r-1", "physics", "test", "run.queued"), ("r-1", "physics", "w1", "run.running"),
                ("r-1", "physics", "w1", "run.succeeded"), ("r-2", "chemistry", "test", "run.validated"), ("r-2", "chemistry", "test", "run.queued"),
                ("r-2", "chemistry", "api", "run.cancelled"), ("r-3", "physics", "test", "run.validated"), ("r-3", "physics", "test", "run.queued"),
                ("r-3", "physics", "w2", "run.running"), ("r-3", "physics", "lease-expiry", "run.queued"),
            ],
            events.Select(e => (e.Entry.ObjectId, e.Entry.Tenant!, e.Entry.Actor, e.Entry.Action)));
        Assert.Equal(Enumerable.Range(1, 11).Select(i => (long)i), events.Select(e => e.Position));
        Assert.Equal("Queued -> Cancelled: cancelled by request", events[6].Entry.Detail);
        Assert.All(events, e => Assert.Equal(("run", AuditOutcome.Succeeded), (e.Entry.ObjectType, e.Entry.Outcome)));
        Assert.True((await VerifyAsync(Store)).Intact);

        // No transition is stored without its event, whichever path wrote it.
        var transitions = 0;
        foreach (var run in new[] { "r-1", "r-2", "r-3" })
        {
            transitions += (await Store.GetHistoryAsync(run, default)).Count;
        }

        Assert.Equal(events.Count, transitions);
    }

    [SkippableFact]
    public async Task RefusedChanges_RecordNothing()
    {
        await CreateQueuedAsync("r-1", "physics");
        await Store.TransitionAsync("r-1", RunState.Queued, RunState.Cancelled, "api", null, default);

        Assert.False(await Store.TransitionAsync("r-1", RunState.Queued, RunState.Cancelled, "api", null, default));
        Assert.Null(await Store.ClaimAsync("r-1", "w1", TimeSpan.FromSeconds(10), default));
        Assert.False(await Store.CompleteAsync(Result("r-1"), "w1", default));
        Assert.Equal(3, (await Store.GetHeadAsync(default))!.Position);
    }

    [SkippableFact]
    public async Task List_FiltersBySinceActorActionAndRun_LatestFirstCutOldestFirstShown()
    {
        await CreateQueuedAsync("r-1", "physics");
        Clock.Advance(TimeSpan.FromMinutes(1));
        var since = Clock.GetUtcNow();
        await CreateQueuedAsync("r-2", "physics");
        await Store.AppendAsync(Entry("reservation.created") with { Actor = "operator" }, default);

        Assert.Equal([3, 4, 5], (await Store.ListAsync(new AuditQuery(Since: since), default)).Select(e => e.Position));
        Assert.Equal([5], (await Store.ListAsync(new AuditQuery(Actor: "operator"), default)).Select(e => e.Position));
        Assert.Equal([2, 4], (await Store.ListAsync(new AuditQuery(Action: "run.queued"), default)).Select(e => e.Position));
        Assert.Equal([3, 4], (await Store.ListAsync(new AuditQuery(RunId: "r-2"), default)).Select(e => e.Position));
        Assert.Equal([4, 5], (await Store.ListAsync(new AuditQuery(Limit: 2), default)).Select(e => e.Position));
        Assert.Empty(await Store.ListAsync(new AuditQuery(Actor: "operator", RunId: "r-2"), default));
    }

    [SkippableFact]
    public async Task Checkpoint_SignsTheHead_AndVerificationChecksIt()
    {
        await CreateQueuedAsync("r-1", "physics");
        var (checkpointer, checkpoints, signer) = Checkpointing(Store);
        using (checkpointer)
        {
            var signed = await checkpointer.CheckpointAsync(default);
            Assert.Equal(2, signed!.Position);
            Assert.Null(await checkpointer.CheckpointAsync(default));
            await Store.AppendAsync(Entry("key.created"), default);
            Assert.Equal(3, (await checkpointer.CheckpointAsync(default))!.Position);
        }

        var verification = await new AuditVerifier(Store, checkpoints, signer).VerifyAsync(default);
        Assert.True(verification.Intact, verification.Summary);
        Assert.Equal((3L, 3L, 2, 3L), (verification.Events, verification.Head, verification.Checkpoints, verification.CheckpointedTo));
    }

    [SkippableFact]
    public async Task ConcurrentWriters_FormOneUnbrokenChain()
    {
        const int Writers = 4;
        const int RunsEach = 12;
        var stores = new List<RelationalStore> { Store };
        for (var i = 1; i < Writers; i++)
        {
            stores.Add(await OpenAnotherAsync());
        }

        try
        {
            // Each writer submits, claims, completes and appends while the others do the same, on its own instance.
            await Task.WhenAll(stores.Select((store, w) => Task.Run(async () =>
            {
                await Task.WhenAll(Enumerable.Range(0, RunsEach).Select(i => CreateQueuedAsync($"r-{w}-{i}", $"t{w % 2}", store)));
                for (var i = 0; i < RunsEach; i++)
                {
                    var id = $"r-{w}-{i}";
                    Assert.NotNull(await store.ClaimAsync(id, $"w{w}", TimeSpan.FromMinutes(5), default));
                    await store.AppendAsync(Entry("reservation.created") with { ObjectId = id }, default);
                    Assert.True(i % 3 == 0
                        ? await store.TransitionAsync(id, RunState.Running, RunState.Failed, $"w{w}", "backend error", default)
                        : await store.CompleteAsync(Result(id), $"w{w}", default));
                }
            })));

            var verification = await VerifyAsync(Store);
            Assert.True(verification.Intact, verification.Summary);
            Assert.Equal(Writers * RunsEach * 5, verification.Events);
        }
        finally
        {
            foreach (var other in stores.Skip(1))
            {
                await other.DisposeAsync();
            }
        }
    }

    protected static AuditEntry Entry(string action) => new("test", "p", "physics", action, "reservation", "res-1", AuditOutcome.Succeeded, "detail");

    private (AuditCheckpointer, FileCheckpointLog, AuditCheckpointSigner) Checkpointing(RelationalStore store)
    {
        var signer = AuditKeyFile.LoadOrCreate(Path.Combine(_directory, "audit.key"));
        var checkpoints = new FileCheckpointLog(Path.Combine(_directory, "checkpoints.log"));
        return (new AuditCheckpointer(store, checkpoints, signer, Clock), checkpoints, signer);
    }

    private async Task<AuditVerification> VerifyAsync(RelationalStore store)
    {
        var (checkpointer, checkpoints, signer) = Checkpointing(store);
        using (checkpointer)
        {
            return await new AuditVerifier(store, checkpoints, signer).VerifyAsync(default);
        }
    }

    private static RunResult Result(string runId) =>
        new(runId, 10, [new SweepPointResult(0, new Dictionary<string, double>(), new Dictionary<string, long> { ["0"] = 10 })], 0.01, new string('a', 64));

    private async Task CreateQueuedAsync(string id, string tenant, RelationalStore? store = null)
    {
        var now = Clock.GetUtcNow();
        var run = new Run
        {
            Id = id, Name = "exp", Fingerprint = "f1", Backend = "sim.statevector", Shots = 10, SweepPoints = 1,
            State = RunState.Queued, CreatedAt = now, UpdatedAt = now, Tenant = tenant,
        };
        var outcome = await (store ?? Store).CreateAsync(
            new NewRun(run, new ExperimentVersion("f1", "exp", "{}", new string('b', 64), now),
            [
                new(RunState.Submitted, RunState.Validated, now, "test", null),
                new(RunState.Validated, RunState.Queued, now, "test", null),
            ]),
            AdmissionLimits.None, default);
        Assert.Equal(CreateStatus.Created, outcome.Status);
    }
}
