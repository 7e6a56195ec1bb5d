using Microsoft.Extensions.Time.Testing;
using Qxm.Domain.Backends;
using Qxm.Domain.Calibration;
using Qxm.Domain.Runs;
using Qxm.Engine.Persistence;

namespace Qxm.Engine.Tests.Storage;

/// <summary>What every store must do with calibration history, drift events, drift policies and holds. Each store's
/// test class derives from this and opens a real database.</summary>
public abstract class CalibrationStoreContract : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    protected FakeTimeProvider Clock { get; } = new(Start);

    protected abstract IRunStore Runs { get; }

    protected abstract IRunLeases Leases { get; }

    protected abstract ICalibrationStore History { get; }

    protected abstract IDriftStore Drift { get; }

    protected abstract IDriftHolds Holds { get; }

    protected abstract IAuditLog Audit { get; }

    public abstract Task InitializeAsync();

    public abstract Task DisposeAsync();

    [SkippableFact]
    public async Task Record_SameHashTwice_StoresOnePoint()
    {
        Assert.True(await History.RecordAsync(Record("h1", 0, 0.02), default));
        Assert.False(await History.RecordAsync(Record("h1", 0, 0.02), default));

        var series = await History.ListAsync("fake.t", DateTimeOffset.MinValue, null, 100, default);

        var point = Assert.Single(series);
        Assert.Equal("h1", point.Hash);
        Assert.Equal([0, 1, 2], point.Snapshot.Qubits.Select(q => q.Qubit));
        Assert.Equal(0.02, point.Snapshot.Qubits[1].ReadoutError);
        Assert.Equal(110.5, point.Snapshot.Qubits[1].T1Us);
        Assert.Equal(Start, point.Snapshot.TakenAt);
        Assert.Equal(4, point.Snapshot.Gates.Count);
        Assert.Contains(point.Snapshot.Gates, g => g.Gate == "cx" && g.Qubits.SequenceEqual([1, 2]) && g.Error == 0.009 && g.DurationNs == 400);
        Assert.Contains(point.Snapshot.Gates, g => g.Gate == "ms" && g.Qubits.Count == 0);
    }

    [SkippableFact]
    public async Task List_IsTheLatestWindowOldestFirst_AndFiltersByTimeAndQubit()
    {
        for (var i = 0; i < 5; i++)
        {
            await History.RecordAsync(Record($"h{i}", i, 0.01 * (i + 1)), default);
        }

        var latest = await History.ListAsync("fake.t", DateTimeOffset.MinValue, null, 2, default);
        var since = await History.ListAsync("fake.t", Start.AddMinutes(3), null, 100, default);
        var qubit = await History.ListAsync("fake.t", DateTimeOffset.MinValue, 2, 100, default);

        Assert.Equal(["h3", "h4"], latest.Select(r => r.Hash));
        Assert.Equal(["h3", "h4"], since.Select(r => r.Hash));
        Assert.Equal(5, qubit.Count);
        Assert.All(qubit, r => Assert.Equal(2, Assert.Single(r.Snapshot.Qubits).Qubit));
        Assert.All(qubit, r => Assert.All(r.Snapshot.Gates, g => Assert.True(g.Qubits.Count == 0 || g.Qubits.Contains(2))));
        Assert.Empty(await History.ListAsync("fake.other", DateTimeOffset.MinValue, null, 100, default));
    }

    [SkippableFact]
    public async Task BindRun_IsReadBackWithItsDriftEvents_AndARebindReplacesIt()
    {
        await CreateRunAsync("r-1", DriftPolicy.Flag);
        await History.RecordAsync(Record("h1", 0, 0.02), default);
        await History.RecordAsync(Record("h2", 1, 0.2), default);
        var drift = Event("e-1", "h2", 1);
        await Drift.RecordEventsAsync([drift], default);

        await History.BindRunAsync("r-1", "fake.t", "h1", [], default);
        await History.BindRunAsync("r-1", "fake.t", "h2", ["e-1"], default);
        var bound = await History.GetRunCalibrationAsync("r-1", default);

        Assert.NotNull(bound);
        Assert.Equal("h2", bound.Hash);
        Assert.Equal(Start.AddMinutes(1), bound.TakenAt);
        Assert.Equal(drift, Assert.Single(bound.DriftEvents));
        Assert.Null(await History.GetRunCalibrationAsync("r-nope", default));
    }

    [SkippableFact]
    public async Task Events_AreRecordedOnce_ListedActive_UntilResolved()
    {
        await Drift.RecordEventsAsync([Event("e-1", "h1", 0), Event("e-2", "h2", 2)], default);
        await Drift.RecordEventsAsync([Event("e-1", "h1", 0) with { Value = 9 }], default);

        var all = await Drift.ListEventsAsync("fake.t", DateTimeOffset.MinValue, activeOnly: false, default);
        Assert.Equal(["e-1", "e-2"], all.Select(e => e.Id));
        Assert.Equal(0.2, all[0].Value);
        Assert.Equal(DriftMetric.ReadoutError, all[0].Metric);

        Assert.Equal(1, await Drift.ResolveAsync("fake.t", Start.AddMinutes(1), default));
        var active = await Drift.ListEventsAsync("fake.t", DateTimeOffset.MinValue, activeOnly: true, default);
        Assert.Equal(["e-2"], active.Select(e => e.Id));
        var resolved = await Drift.ListEventsAsync("fake.t", DateTimeOffset.MinValue, activeOnly: false, default);
        Assert.Equal(Start.AddMinutes(1), resolved[0].ResolvedAt);
        Assert.Equal(["e-2"], (await Drift.ListEventsAsync("fake.t", Start.AddMinutes(2), false, default)).Select(e => e.Id));
    }

    [SkippableFact]
    public async Task Policy_IsStoredWithTheRun_AndDefaultsToRun()
    {
        await CreateRunAsync("r-hold", DriftPolicy.Hold);
        await CreateRunAsync("r-flag", DriftPolicy.Flag);
        await CreateRunAsync("r-run", DriftPolicy.Run);

        Assert.Equal(new RunDriftState(DriftPolicy.Hold, null, false), await Holds.GetStateAsync("r-hold", default));
        Assert.Equal(DriftPolicy.Flag, (await Holds.GetStateAsync("r-flag", default)).Policy);
        Assert.Equal(DriftPolicy.Run, (await Holds.GetStateAsync("r-run", default)).Policy);
    }

    [SkippableFact]
    public async Task HoldQueued_HidesOnlyHoldPolicyRunsFromDispatch_UntilReleased()
    {
        await CreateRunAsync("r-hold", DriftPolicy.Hold);
        await CreateRunAsync("r-flag", DriftPolicy.Flag);
        await CreateRunAsync("r-other", DriftPolicy.Hold, backend: "fake.other");

        Assert.Equal(1, await Holds.HoldQueuedAsync("fake.t", "drift on q1", Clock.GetUtcNow(), default));
        Assert.Equal(0, await Holds.HoldQueuedAsync("fake.t", "drift again", Clock.GetUtcNow(), default));

        Assert.Equal(["r-flag", "r-other"], (await Leases.ListQueuedAsync(0, default)).Select(r => r.RunId));
        var state = await Holds.GetStateAsync("r-hold", default);
        Assert.Equal(new DriftHold("drift on q1", Clock.GetUtcNow()), state.Hold);
        Assert.Equal(1, await Holds.CountHeldAsync("fake.t", default));

        Assert.Equal(1, await Holds.ReleaseAsync("fake.t", null, null, "operator", Clock.GetUtcNow(), default));
        Assert.Equal(["r-hold", "r-flag", "r-other"], (await Leases.ListQueuedAsync(0, default)).Select(r => r.RunId));
        Assert.Equal(new RunDriftState(DriftPolicy.Hold, null, true), await Holds.GetStateAsync("r-hold", default));
        Assert.Equal(0, await Holds.CountHeldAsync("fake.t", default));
    }

    [SkippableFact]
    public async Task Hold_OneRun_ThenReleaseThatRunOnly()
    {
        await CreateRunAsync("r-1", DriftPolicy.Hold);
        await CreateRunAsync("r-2", DriftPolicy.Hold);
        await Holds.HoldAsync("r-1", "fake.t", "drift", Clock.GetUtcNow(), default);
        await Holds.HoldAsync("r-2", "fake.t", "drift", Clock.GetUtcNow(), default);

        Assert.Equal(1, await Holds.ReleaseAsync("fake.t", "r-2", null, "operator", Clock.GetUtcNow(), default));

        Assert.Equal(["r-2"], (await Leases.ListQueuedAsync(0, default)).Select(r => r.RunId));
        Assert.NotNull((await Holds.GetStateAsync("r-1", default)).Hold);
    }

    [SkippableFact]
    public async Task HoldsAndReleases_AreOnTheAuditChain_OneEventPerRunChanged()
    {
        await CreateRunAsync("r-a", DriftPolicy.Hold);
        await CreateRunAsync("r-b", DriftPolicy.Hold);
        await CreateRunAsync("r-c", DriftPolicy.Flag);

        await Holds.HoldQueuedAsync("fake.t", "drift on q1", Clock.GetUtcNow(), default);
        await Holds.HoldQueuedAsync("fake.t", "drift again", Clock.GetUtcNow(), default);
        await Holds.ReleaseAsync("fake.t", "r-b", null, "ops@lab", Clock.GetUtcNow(), default);
        await Holds.ReleaseAsync("fake.t", "r-b", null, "ops@lab", Clock.GetUtcNow(), default);

        var held = await Audit.ListAsync(new AuditQuery(Action: "run.drift-held"), default);
        var released = await Audit.ListAsync(new AuditQuery(Action: "run.drift-released"), default);
        Assert.Equal(["r-a", "r-b"], held.Select(e => e.Entry.ObjectId).Order());
        Assert.All(held, e => Assert.Equal(("drift-policy", "drift on q1", "default"), (e.Entry.Actor, e.Entry.Detail, e.Entry.Tenant)));
        var release = Assert.Single(released);
        Assert.Equal(("r-b", "ops@lab", "run"), (release.Entry.ObjectId, release.Entry.Actor, release.Entry.ObjectType));
    }

    private CalibrationRecord Record(string hash, int minutes, double readout1) => new(
        hash,
        new CalibrationSnapshot(
            "fake.t",
            Start.AddMinutes(minutes),
            [new QubitCalibration(0, 100, 80, 0.01), new QubitCalibration(1, 110.5, 90, readout1), new QubitCalibration(2, 120, 95, 0.03)],
            [new GateCalibration("cx", [0, 1], 0.008, 400), new GateCalibration("cx", [1, 2], 0.009, 400),
             new GateCalibration("sx", [2], 0.0003, 35), new GateCalibration("ms", [], 0.01, 600)]),
        Clock.GetUtcNow());

    private static DriftEvent Event(string id, string snapshot, int minutes) =>
        new(id, "fake.t", snapshot, "1", DriftMetric.ReadoutError, 0.02, 0.2, 9.5, Start.AddMinutes(minutes));

    private async Task CreateRunAsync(string id, DriftPolicy policy, string backend = "fake.t")
    {
        var now = Clock.GetUtcNow();
        var run = new Run
        {
            Id = id, Name = "exp", Fingerprint = "f1", Backend = backend, Shots = 10, SweepPoints = 1,
            State = RunState.Queued, CreatedAt = now, UpdatedAt = now, OnDrift = policy,
        };
        var version = new ExperimentVersion("f1", "exp", "{\"spec\":1}", new string('b', 64), now);
        var outcome = await Runs.CreateAsync(new NewRun(run, version, [new(RunState.Validated, RunState.Queued, now, "test", null)]), AdmissionLimits.None, default);
        Assert.Equal(CreateStatus.Created, outcome.Status);
        Clock.Advance(TimeSpan.FromMilliseconds(1));
    }
}
