using Microsoft.Extensions.Time.Testing;
using Qxm.Domain.Provenance;
using Qxm.Domain.Runs;
using Qxm.Domain.Tenancy;
using Qxm.Engine.Persistence;

namespace Qxm.Engine.Tests.Storage;

/// <summary>The behaviour every store must have. Each store's test class derives from this and opens a real database.</summary>
public abstract partial class RunStoreContract : IAsyncLifetime
{
    protected FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));

    protected abstract IRunStore Runs { get; }

    protected abstract IRunLeases Leases { get; }

    protected abstract IResultStore Results { get; }

    protected abstract IReservationStore Reservations { get; }

    public abstract Task InitializeAsync();

    public abstract Task DisposeAsync();

    [SkippableFact]
    public async Task Create_NewRun_IsReadBackWithHistoryAndExperiment()
    {
        var run = await CreateQueuedAsync("r-1");

        var read = await Runs.GetAsync(run.Id, default);
        Assert.NotNull(read);
        Assert.Equal(run with { Tags = read.Tags, Diagnostics = read.Diagnostics }, read);
        Assert.Equal(["a", "b"], read.Tags);
        Assert.Equal(ulong.MaxValue - 1, read.Seed);
        var history = await Runs.GetHistoryAsync(run.Id, default);
        Assert.Equal([RunState.Validated, RunState.Queued], history.Select(t => t.To));
        var experiment = await Runs.GetExperimentAsync(run.Fingerprint, default);
        Assert.Equal("{\"spec\":1}", experiment?.SpecJson);
    }

    [SkippableFact]
    public async Task Create_SameExperimentTwice_StoresOneVersionAndTwoRuns()
    {
        await CreateQueuedAsync("r-1");
        await CreateQueuedAsync("r-2");

        var all = await Runs.ListAsync(new RunQuery(), default);
        Assert.Equal(["r-2", "r-1"], all.Select(r => r.Id));
    }

    [SkippableFact]
    public async Task Get_UnknownRun_ReturnsNull() => Assert.Null(await Runs.GetAsync("r-nope", default));

    [SkippableFact]
    public async Task List_FiltersByStateAndLimit()
    {
        await CreateQueuedAsync("r-1");
        await CreateQueuedAsync("r-2");
        await CreateQueuedAsync("r-3");
        await Runs.TransitionAsync("r-2", RunState.Queued, RunState.Cancelled, "test", null, default);

        Assert.Equal(["r-2"], (await Runs.ListAsync(new RunQuery(State: RunState.Cancelled), default)).Select(r => r.Id));
        Assert.Single(await Runs.ListAsync(new RunQuery(Limit: 1), default));
    }

    [SkippableFact]
    public async Task Transition_FromStaleState_IsRefusedAndLeavesRunUnchanged()
    {
        await CreateQueuedAsync("r-1");
        Assert.True(await Runs.TransitionAsync("r-1", RunState.Queued, RunState.Cancelled, "a", "first", default));

        Assert.False(await Runs.TransitionAsync("r-1", RunState.Queued, RunState.Running, "b", null, default));
        Assert.Equal(RunState.Cancelled, (await Runs.GetAsync("r-1", default))!.State);
        Assert.Equal(3, (await Runs.GetHistoryAsync("r-1", default)).Count);
    }

    [SkippableFact]
    public async Task Transition_Illegal_Throws()
    {
        await CreateQueuedAsync("r-1");
        await Assert.ThrowsAnyAsync<Exception>(() => Runs.TransitionAsync("r-1", RunState.Queued, RunState.Succeeded, "a", null, default));
    }

    [SkippableFact]
    public async Task Claim_TakesOldestQueuedRunOnceAndCountsAttempt()
    {
        await CreateQueuedAsync("r-1");
        await CreateQueuedAsync("r-2");

        var first = await ClaimOldestAsync("w1");
        var second = await ClaimOldestAsync("w2");
        var third = await ClaimOldestAsync("w3");

        Assert.Equal("r-1", first?.Run.Id);
        Assert.Equal("r-2", second?.Run.Id);
        Assert.Null(third);
        Assert.Equal(RunState.Running, first!.Run.State);
        Assert.Equal(1, first.Run.Attempts);
        Assert.Equal("{\"spec\":1}", first.Experiment.SpecJson);
    }

    [SkippableFact]
    public async Task Claim_Concurrent_EveryRunClaimedExactlyOnce()
    {
        for (var i = 0; i < 20; i++)
        {
            await CreateQueuedAsync($"r-{i}");
        }

        var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            var mine = new List<string>();
            while (await ClaimOldestAsync($"w{w}") is { } claimed)
            {
                mine.Add(claimed.Run.Id);
            }

            return mine;
        })));

        var all = claims.SelectMany(c => c).ToList();
        Assert.Equal(20, all.Count);
        Assert.Equal(20, all.Distinct().Count());
    }

    [SkippableFact]
    public async Task Lease_Expired_RequeuesRunWhichIsClaimedAgain()
    {
        await CreateQueuedAsync("r-1");
        await ClaimOldestAsync("w1");

        Assert.Equal(0, await Leases.RequeueExpiredAsync(default));
        Clock.Advance(TimeSpan.FromSeconds(11));
        Assert.Equal(1, await Leases.RequeueExpiredAsync(default));

        Assert.False(await Leases.RenewLeaseAsync("r-1", "w1", TimeSpan.FromSeconds(10), default));
        var again = await ClaimOldestAsync("w2");
        Assert.Equal(2, again?.Run.Attempts);
    }

    [SkippableFact]
    public async Task Complete_ByAnAttemptWhoseRunWasClaimedAgain_IsRefusedByItsAttemptNumber()
    {
        await CreateQueuedAsync("r-1");
        await ClaimOldestAsync("w1");
        Clock.Advance(TimeSpan.FromSeconds(11));
        await Leases.RequeueExpiredAsync(default);
        await ClaimOldestAsync("w2");

        Assert.False(await Results.CompleteAsync(Result("r-1", 7), Facts(attempt: 1), "w1", default));
        Assert.True(await Results.CompleteAsync(Result("r-1", 7), Facts(attempt: 2), "w2", default));
    }

    [SkippableFact]
    public async Task MarkSubmit_FencesAnAttemptWhoseRunWasClaimedAgain_AndShowsTheEarlierCallToTheNext()
    {
        var fence = (ISubmitFence)Leases;
        await CreateQueuedAsync("r-1");
        await ClaimOldestAsync("w1");
        await ((IBackendJobs)Leases).BeginAsync("r-1", "b", "key-1", default);
        var began = Clock.GetUtcNow();

        Assert.Equal(new SubmitMark(false), await fence.MarkSubmitAsync("r-1", "b", 1, default));
        Clock.Advance(TimeSpan.FromSeconds(11));
        await Leases.RequeueExpiredAsync(default);
        Assert.True((await fence.MarkSubmitAsync("r-1", "b", 1, default)).Fenced);
        await ClaimOldestAsync("w2");

        Assert.True((await fence.MarkSubmitAsync("r-1", "b", 1, default)).Fenced);
        Assert.Equal(new SubmitMark(false, 1, began), await fence.MarkSubmitAsync("r-1", "b", 2, default));
        Assert.Equal(new SubmitMark(false), await fence.MarkSubmitAsync("r-1", "b", 2, default));
    }

    private ExecutionFacts Facts(int attempt) =>
        new(attempt, Clock.GetUtcNow(), "0.0.0", "unknown", ".NET", "linux", "x64", "cpu", 2, 256, "remote", "target", false, 0,
            new Dictionary<string, string>(), []);

    [SkippableFact]
    public async Task Lease_Renewed_IsNotRequeued()
    {
        await CreateQueuedAsync("r-1");
        await ClaimOldestAsync("w1");

        Clock.Advance(TimeSpan.FromSeconds(8));
        Assert.True(await Leases.RenewLeaseAsync("r-1", "w1", TimeSpan.FromSeconds(10), default));
        Assert.False(await Leases.RenewLeaseAsync("r-1", "w2", TimeSpan.FromSeconds(10), default));
        Clock.Advance(TimeSpan.FromSeconds(8));

        Assert.Equal(0, await Leases.RequeueExpiredAsync(default));
    }

    [SkippableFact]
    public async Task Complete_Twice_RecordsOneResult()
    {
        await CreateQueuedAsync("r-1");
        await ClaimOldestAsync("w1");
        var result = Result("r-1", 7);

        Assert.True(await Results.CompleteAsync(result, "w1", default));
        Assert.False(await Results.CompleteAsync(Result("r-1", 9), "w2", default));

        var stored = await Results.GetAsync("r-1", default);
        Assert.Equal(7, stored!.Points[0].Counts["1"]);
        Assert.Equal(0.5, stored.Points[0].Parameters["theta"]);
        Assert.Equal(RunState.Succeeded, (await Runs.GetAsync("r-1", default))!.State);
    }

    [SkippableFact]
    public async Task Complete_CancelledRun_IsRefused()
    {
        await CreateQueuedAsync("r-1");
        await ClaimOldestAsync("w1");
        await Runs.TransitionAsync("r-1", RunState.Running, RunState.Cancelled, "user", null, default);

        Assert.False(await Results.CompleteAsync(Result("r-1", 7), "w1", default));
        Assert.Null(await Results.GetAsync("r-1", default));
    }

    [SkippableFact]
    public async Task Fail_RecordsReasonAsError()
    {
        await CreateQueuedAsync("r-1");
        await ClaimOldestAsync("w1");

        await Runs.TransitionAsync("r-1", RunState.Running, RunState.Failed, "w1", "Fatal: boom", default);

        var run = await Runs.GetAsync("r-1", default);
        Assert.Equal("Fatal: boom", run!.Error);
        Assert.Equal(RunState.Failed, run.State);
    }

    [SkippableFact]
    public async Task Create_SameIdempotencyKey_ReturnsFirstRunAndStoresOne()
    {
        await CreateQueuedAsync("r-1", key: "k1");

        var again = await Runs.CreateAsync(NewQueued("r-2", "default", "k1"), AdmissionLimits.None, default);

        Assert.Equal((CreateStatus.Duplicate, "r-1"), (again.Status, again.Run?.Id));
        Assert.Single(await Runs.ListAsync(new RunQuery(), default));
        await CreateQueuedAsync("r-3", tenant: "other", key: "k1");
    }

    [SkippableFact]
    public async Task Create_TenantQueueFull_IsRefusedAndStoresNothing()
    {
        var limits = new AdmissionLimits(2, null, DateTimeOffset.MinValue);
        await CreateQueuedAsync("r-1", limits: limits);
        await CreateQueuedAsync("r-2", limits: limits);
        await CreateQueuedAsync("r-x", tenant: "other", limits: limits);

        var refused = await Runs.CreateAsync(NewQueued("r-3", "default", null), limits, default);

        Assert.Equal(CreateStatus.QueueFull, refused.Status);
        Assert.Null(await Runs.GetAsync("r-3", default));
        await ClaimOldestAsync("w");
        Assert.Equal(CreateStatus.Created, (await Runs.CreateAsync(NewQueued("r-4", "default", null), limits, default)).Status);
    }

    [SkippableFact]
    public async Task Create_OverShotsPerDay_IsRefused()
    {
        var limits = new AdmissionLimits(null, 25, Clock.GetUtcNow().AddHours(-1));
        await CreateQueuedAsync("r-1", limits: limits, shots: 10);
        await CreateQueuedAsync("r-2", limits: limits, shots: 10);

        Assert.Equal(CreateStatus.ShotQuotaExceeded, (await Runs.CreateAsync(NewQueued("r-3", "default", null), limits, default)).Status);
        Assert.Equal(2, (await Runs.ListAsync(new RunQuery(), default)).Count);
    }

    [SkippableFact]
    public async Task Create_ConcurrentSubmissionsAtQueueLimit_NeverOverrunIt()
    {
        var limits = new AdmissionLimits(5, null, DateTimeOffset.MinValue);
        await Runs.CreateAsync(NewQueued("r-seed", "default", null), limits, default);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() => Runs.CreateAsync(NewQueued($"r-{i}", "default", null), limits, default))));

        Assert.Equal(4, outcomes.Count(o => o.Status == CreateStatus.Created));
        Assert.Equal(5, (await Runs.ListAsync(new RunQuery(), default)).Count);
    }

    [SkippableFact]
    public async Task Reservations_FiftyConcurrentOverlappingRequests_ExactlyANonOverlappingSetSucceeds()
    {
        var store = Reservations;
        var t0 = Clock.GetUtcNow();
        // Ten one-hour windows, each asked for by five tenants at once, plus windows straddling two of them.
        var requests = Enumerable.Range(0, 50).Select(i => i < 40
            ? new Reservation($"res-{i}", "sim", $"t{i % 5}", t0.AddHours(i / 4 * 2), t0.AddHours(i / 4 * 2 + 1))
            : new Reservation($"res-{i}", "sim", "straddler", t0.AddHours((i - 40) * 2 + 0.5), t0.AddHours((i - 40) * 2 + 2.5))).ToArray();

        var results = await Task.WhenAll(requests.Select(r => Task.Run(() => store.TryCreateAsync(r, default))));

        var accepted = requests.Where((_, i) => results[i]).ToList();
        var refused = requests.Where((_, i) => !results[i]).ToList();
        Assert.All(accepted, a => Assert.DoesNotContain(accepted, b => b.Id != a.Id && a.Overlaps(b)));
        Assert.All(refused, r => Assert.Contains(accepted, a => a.Overlaps(r)));
        var stored = await store.ListAsync("sim", t0.AddDays(-1), default);
        Assert.Equal(accepted.Select(a => a.Id).Order(), stored.Select(s => s.Id).Order());
    }

    [SkippableFact]
    public async Task Reservations_Cancelled_FreesItsWindow()
    {
        var t0 = Clock.GetUtcNow();
        var first = new Reservation("res-a", "sim", "t1", t0, t0.AddHours(1));
        Assert.True(await Reservations.TryCreateAsync(first, default));
        Assert.False(await Reservations.TryCreateAsync(first with { Id = "res-b", Tenant = "t2" }, default));
        Assert.True(await Reservations.TryCreateAsync(first with { Id = "res-c", Backend = "other" }, default));

        Assert.True(await Reservations.CancelAsync("res-a", default));
        Assert.False(await Reservations.CancelAsync("res-a", default));

        Assert.True(await Reservations.TryCreateAsync(first with { Id = "res-b", Tenant = "t2" }, default));
        Assert.Equal(["res-b"], (await Reservations.ListAsync("sim", t0, default)).Select(r => r.Id));
    }

    [SkippableFact]
    public async Task ListQueued_AfterSequence_ReturnsOnlyNewerQueuedRunsInOrder()
    {
        await CreateQueuedAsync("r-1", tenant: "a");
        await CreateQueuedAsync("r-2", tenant: "b");
        var all = await Leases.ListQueuedAsync(0, default);
        await CreateQueuedAsync("r-3");

        var newer = await Leases.ListQueuedAsync(all[^1].Sequence, default);

        Assert.Equal(["r-1", "r-2"], all.Select(q => q.RunId));
        Assert.Equal(("b", "sim.statevector", "normal", 10.0), (all[1].Tenant, all[1].Backend, all[1].Priority, all[1].Cost));
        Assert.Equal(["r-3"], newer.Select(q => q.RunId));
    }

    [SkippableFact]
    public async Task Claim_NotQueued_ReturnsNullAndDispatchesAreListed()
    {
        await CreateQueuedAsync("r-1", tenant: "a");
        Assert.NotNull(await Leases.ClaimAsync("r-1", "w1", TimeSpan.FromSeconds(10), default));

        Assert.Null(await Leases.ClaimAsync("r-1", "w2", TimeSpan.FromSeconds(10), default));
        Assert.Null(await Leases.ClaimAsync("r-none", "w2", TimeSpan.FromSeconds(10), default));
        var dispatch = Assert.Single(await Leases.ListDispatchesAsync(Clock.GetUtcNow().AddMinutes(-1), default));
        Assert.Equal(("a", 10.0), (dispatch.Tenant, dispatch.Cost));
        Assert.Empty(await Leases.ListQueuedAsync(0, default));
    }

    [SkippableFact]
    public async Task ExecutionIntervals_ClippedToTheWindow_AndOpenRunsLastToItsEnd()
    {
        var t0 = Clock.GetUtcNow();
        await CreateQueuedAsync("r-1", tenant: "holder");
        await CreateQueuedAsync("r-2", tenant: "holder");
        await CreateQueuedAsync("r-3", tenant: "other");
        await Leases.ClaimAsync("r-1", "w", TimeSpan.FromMinutes(10), default);
        Clock.Advance(TimeSpan.FromSeconds(5));
        await Results.CompleteAsync(Result("r-1", 1), "w", default);
        await Leases.ClaimAsync("r-2", "w", TimeSpan.FromMinutes(10), default);
        await Leases.ClaimAsync("r-3", "w", TimeSpan.FromMinutes(10), default);
        Clock.Advance(TimeSpan.FromSeconds(3));

        var intervals = await Reservations.ExecutionIntervalsAsync("sim.statevector", "holder", t0.AddSeconds(2), t0.AddSeconds(100), default);

        Assert.Equal(2, intervals.Count);
        Assert.Equal((2.0, 5.0), ((intervals[0].Start - t0).TotalSeconds, (intervals[0].End - t0).TotalSeconds), new DoublePairComparer());
        Assert.Equal(100.0, (intervals[1].End - t0).TotalSeconds, 3);
        Assert.Empty(await Reservations.ExecutionIntervalsAsync("other-backend", "holder", t0, t0.AddSeconds(100), default));
    }

    private async Task<ClaimedRun?> ClaimOldestAsync(string worker)
    {
        foreach (var queued in await Leases.ListQueuedAsync(0, default))
        {
            if (await Leases.ClaimAsync(queued.RunId, worker, TimeSpan.FromSeconds(10), default) is { } claimed)
            {
                return claimed;
            }
        }

        return null;
    }

    private NewRun NewQueued(string id, string tenant, string? key)
    {
        var now = Clock.GetUtcNow();
        var run = new Run
        {
            Id = id, Name = "exp", Fingerprint = "f1", Backend = "sim.statevector", Shots = 10, SweepPoints = 1,
            State = RunState.Queued, CreatedAt = now, UpdatedAt = now, Tenant = tenant,
        };
        return new NewRun(run, new ExperimentVersion("f1", "exp", "{\"spec\":1}", new string('b', 64), now), [], key);
    }

    private static RunResult Result(string runId, long ones) =>
        new(runId, 10, [new SweepPointResult(0, new Dictionary<string, double> { ["theta"] = 0.5 }, new Dictionary<string, long> { ["0"] = 10 - ones, ["1"] = ones })], 0.01, new string('a', 64));

    private async Task<Run> CreateQueuedAsync(string id, string tenant = "default", string? key = null, AdmissionLimits? limits = null, int shots = 10)
    {
        var now = Clock.GetUtcNow();
        var run = new Run
        {
            Id = id,
            Name = "exp",
            Fingerprint = "f1",
            Backend = "sim.statevector",
            Shots = shots,
            SweepPoints = 1,
            State = RunState.Queued,
            CreatedAt = now,
            UpdatedAt = now,
            Seed = ulong.MaxValue - 1,
            Tags = ["a", "b"],
            Tenant = tenant,
        };
        var version = new ExperimentVersion("f1", "exp", "{\"spec\":1}", new string('b', 64), now);
        var outcome = await Runs.CreateAsync(new NewRun(run, version,
        [
            new(RunState.Submitted, RunState.Validated, now, "test", null),
            new(RunState.Validated, RunState.Queued, now, "test", null),
        ], key), limits ?? AdmissionLimits.None, default);
        Clock.Advance(TimeSpan.FromMilliseconds(1));
        return outcome.Status == CreateStatus.Created ? run : throw new InvalidOperationException(outcome.Status.ToString());
    }

    private sealed class DoublePairComparer : IEqualityComparer<(double, double)>
    {
        public bool Equals((double, double) x, (double, double) y) => Math.Abs(x.Item1 - y.Item1) < 0.01 && Math.Abs(x.Item2 - y.Item2) < 0.01;

        public int GetHashCode((double, double) obj) => 0;
    }
}
