using Microsoft.Extensions.Time.Testing;
using Qxm.Domain.Calibration;
using Qxm.Domain.Runs;
using Qxm.Domain.Tenancy;
using Qxm.Engine.Api;
using Qxm.Engine.Tenancy;
using Qxm.Engine.Tests.Engine;

namespace Qxm.Engine.Tests.Calibration;

/// <summary>The drift must-show, on virtual time: a device whose file says qubit 4's readout error jumps to 0.2 after
/// 300 s raises a drift event in the first snapshot after the jump; hold runs wait, flag runs run and carry the event,
/// and a later snapshot without drift (or an operator) releases the held ones.</summary>
public class DriftPolicyTests
{
    private const string Device = """
        { "name": "drift5", "qubits": 5, "maxShots": 100000, "maxCircuits": 10,
          "coupling": { "directed": false, "edges": [[0, 1], [1, 2], [2, 3], [3, 4]] },
          "operations": [ { "name": "rz", "durationNs": 0, "error": 0 }, { "name": "sx", "durationNs": 35, "error": 0.0003 },
                          { "name": "x", "durationNs": 35, "error": 0.0003 }, { "name": "cx", "durationNs": 300, "error": 0.008 } ],
          "calibration": { "takenAt": "2025-01-06T08:00:00Z", "t1Us": 100, "t2Us": 80, "readoutError": 0.01 },
          "drift": { "seed": 3, "everySeconds": 60, "t1RelativeStep": 0.02,
                     "jumps": [ { "afterSeconds": 300, "qubit": 4, "readoutError": 0.2 } ] } }
        """;

    /// <summary>X then measure on qubit 4: how often it reads 0 is its readout error in the snapshot the run ran under.</summary>
    private const string FlipQubit4 = "OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit[5] q;\nbit[1] c;\nx q[4];\nc[0] = measure q[4];\n";

    private static readonly DateTimeOffset Start = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task ReadoutJump_RaisesAnEventWithinThreeSnapshots_HoldWaitsFlagCarriesIt_CleanSnapshotReleases()
    {
        var clock = new FakeTimeProvider(Start);
        await using var fx = await EngineFixture.StartAsync(time: clock, devices: new Dictionary<string, string> { ["drift5.json"] = Device });
        for (var k = 0; k < 5; k++)
        {
            await fx.Engine.PollCalibrationsAsync(default);
            Assert.Empty((await ReportAsync(fx)).DriftEvents);
            clock.Advance(TimeSpan.FromSeconds(60));
        }

        var held = await SubmitAsync(fx, DriftPolicy.Hold);
        var flagged = await SubmitAsync(fx, DriftPolicy.Flag);
        var plain = await SubmitAsync(fx, null);

        // Snapshot 5 is the first taken after the jump (t = 300 s).
        await fx.Engine.PollCalibrationsAsync(default);
        var report = await ReportAsync(fx);
        var drift = Assert.Single(report.DriftEvents);
        Assert.Equal(("4", DriftMetric.ReadoutError), (drift.Subject, drift.Metric));
        Assert.Equal(0.01, drift.Baseline, 9);
        Assert.Equal(0.2, drift.Value, 9);
        Assert.Equal(Start.AddSeconds(300), drift.DetectedAt);
        Assert.Equal(1, report.HeldRuns);

        Assert.True(await fx.Engine.RunOnceAsync("w", default));
        Assert.True(await fx.Engine.RunOnceAsync("w", default));
        Assert.False(await fx.Engine.RunOnceAsync("w", default));

        var heldRun = (await fx.Service.GetAsync(held, default))!;
        Assert.Equal(RunState.Queued, heldRun.State);
        Assert.Contains("ReadoutError of qubit 4", heldRun.Hold!.Reason, StringComparison.Ordinal);
        var flaggedRun = (await fx.Service.GetAsync(flagged, default))!;
        Assert.Equal(RunState.Succeeded, flaggedRun.State);
        Assert.Equal(drift.Id, Assert.Single(flaggedRun.Calibration!.DriftEvents).Id);
        Assert.Equal(Start.AddSeconds(300), flaggedRun.Calibration.TakenAt);
        var plainRun = (await fx.Service.GetAsync(plain, default))!;
        Assert.Empty(plainRun.Calibration!.DriftEvents);
        Assert.Equal(flaggedRun.Calibration.Hash, plainRun.Calibration.Hash);
        // The run simulated under its bound snapshot: qubit 4 misread about one time in five.
        Assert.InRange((await fx.Service.GetResultAsync(flagged, default))!.Points[0].Counts.GetValueOrDefault("0"), 100, 300);

        // Snapshot 6: the readout stays at its new level, no further change: the drift resolves and the hold ends.
        clock.Advance(TimeSpan.FromSeconds(60));
        await fx.Engine.PollCalibrationsAsync(default);
        Assert.Empty((await ReportAsync(fx)).DriftEvents);
        Assert.True(await fx.Engine.RunOnceAsync("w", default));

        var released = (await fx.Service.GetAsync(held, default))!;
        Assert.Equal(RunState.Succeeded, released.State);
        Assert.Null(released.Hold);
        Assert.Empty(released.Calibration!.DriftEvents);
        Assert.Equal(Start.AddSeconds(360), released.Calibration.TakenAt);
        Assert.NotNull(await fx.Artifacts.GetAsync(released.Calibration.Hash, default));
    }

    [Fact]
    public async Task TenantHoldPolicy_RunReachingDispatchDuringDrift_IsHeldUntilAnOperatorReleasesIt()
    {
        var clock = new FakeTimeProvider(Start);
        var tenants = new TenantCatalog([new Tenant { Id = "lab", OnDrift = DriftPolicy.Hold }]);
        await using var fx = await EngineFixture.StartAsync(tenants, time: clock, devices: new Dictionary<string, string> { ["drift5.json"] = Device });
        await fx.Engine.PollCalibrationsAsync(default);
        clock.Advance(TimeSpan.FromSeconds(300));

        // Submitted after the jump but before any poll saw it: the dispatch-time capture finds the drift and holds the run.
        var run = await SubmitAsync(fx, null, "lab");
        Assert.True(await fx.Engine.RunOnceAsync("w", default));
        var held = (await fx.Service.GetAsync(run, default))!;
        Assert.Equal((RunState.Queued, DriftPolicy.Hold), (held.State, held.OnDrift));
        Assert.NotNull(held.Hold);
        Assert.False(await fx.Engine.RunOnceAsync("w", default));

        Assert.Null(await fx.Engine.Calibration.ReleaseHeldAsync("fake.nope", null, "lab", "operator", default));
        Assert.Equal(1, await fx.Engine.Calibration.ReleaseHeldAsync("fake.drift5", null, "lab", "operator", default));
        Assert.True(await fx.Engine.RunOnceAsync("w", default));

        // Released during the drift, it ran and carries the event in its record.
        var ran = (await fx.Service.GetAsync(run, default))!;
        Assert.Equal(RunState.Succeeded, ran.State);
        Assert.Equal(("4", DriftMetric.ReadoutError), (ran.Calibration!.DriftEvents[0].Subject, ran.Calibration.DriftEvents[0].Metric));
    }

    private static async Task<CalibrationReport> ReportAsync(EngineFixture fx) =>
        (await fx.Engine.Calibration.GetCalibrationAsync("fake.drift5", null, null, default))!;

    private static async Task<string> SubmitAsync(EngineFixture fx, DriftPolicy? policy, string tenant = Tenant.DefaultId)
    {
        var experiment = EngineFixture.Inline(FlipQubit4, shots: 1000) with { Backend = "fake.drift5", OnDrift = policy };
        var outcome = await fx.Service.SubmitAsync(experiment, new SubmitOptions(Tenant: tenant), default);
        Assert.True(outcome.Run is not null, string.Join("; ", outcome.Diagnostics));
        return outcome.Run.Id;
    }
}
