using Qxm.Domain.Backends;
using Qxm.Domain.Calibration;
using Qxm.Engine.Calibration;

namespace Qxm.Engine.Tests.Calibration;

public class DriftDetectorTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Observe_SteadyDevice_RaisesNothing()
    {
        var detector = new DriftDetector("fake.t", new DriftOptions());

        for (var k = 0; k < 200; k++)
        {
            Assert.Empty(detector.Observe($"h{k}", Snapshot(k, readout: 0.02, t1: 100, cx: 0.008)));
        }
    }

    [Fact]
    public void Observe_ReadoutJump_RaisesOneEventAtOnce_ThenTheNewLevelIsTheBaseline()
    {
        var detector = new DriftDetector("fake.t", new DriftOptions());
        detector.Observe("h0", Snapshot(0, readout: 0.02, t1: 100, cx: 0.008));

        var events = detector.Observe("h1", Snapshot(1, readout: 0.2, t1: 100, cx: 0.008));

        var drift = Assert.Single(events);
        Assert.Equal(("1", DriftMetric.ReadoutError, "h1"), (drift.Subject, drift.Metric, drift.Snapshot));
        Assert.Equal(0.02, drift.Baseline, 9);
        Assert.Empty(detector.Observe("h2", Snapshot(2, readout: 0.2, t1: 100, cx: 0.008)));
        Assert.Equal(drift.Id, new DriftDetector("fake.t", new DriftOptions()).Replay(0.02, 0.2));
    }

    [Fact]
    public void Observe_PersistentSmallShift_AccumulatesUntilItAlarms()
    {
        // T1 down 25% (1.4 tolerance units after the log): CUSUM adds about 0.94 a snapshot and crosses 4 on the fifth.
        var detector = new DriftDetector("fake.t", new DriftOptions());
        detector.Observe("h0", Snapshot(0, readout: 0.02, t1: 100, cx: 0.008));

        var alarms = Enumerable.Range(1, 6).Select(k => detector.Observe($"h{k}", Snapshot(k, readout: 0.02, t1: 75, cx: 0.008)).Count).ToList();

        Assert.Equal([0, 0, 0, 0, 1, 0], alarms);
    }

    [Fact]
    public void Observe_TwoQubitErrorFivefold_RaisesAnEventOnThePair()
    {
        var detector = new DriftDetector("fake.t", new DriftOptions());
        detector.Observe("h0", Snapshot(0, readout: 0.02, t1: 100, cx: 0.008));

        var drift = Assert.Single(detector.Observe("h1", Snapshot(1, readout: 0.02, t1: 100, cx: 0.04)));

        Assert.Equal(("0-1", DriftMetric.TwoQubitError), (drift.Subject, drift.Metric));
    }

    private static CalibrationSnapshot Snapshot(int minute, double readout, double t1, double cx) => new(
        "fake.t",
        Start.AddMinutes(minute),
        [new QubitCalibration(0, 100, 80, 0.02), new QubitCalibration(1, t1, 80, readout)],
        [new GateCalibration("sx", [0], 0.0003, 35), new GateCalibration("sx", [1], 0.0003, 35), new GateCalibration("cx", [0, 1], cx, 300)]);
}

internal static class DriftDetectorReplay
{
    /// <summary>The id a fresh detector gives the same jump: ids depend only on backend, snapshot, subject and metric.</summary>
    public static string Replay(this DriftDetector detector, double before, double after)
    {
        detector.Observe("h0", new CalibrationSnapshot("fake.t", DateTimeOffset.UnixEpoch, [new QubitCalibration(1, 100, 80, before)], []));
        return detector.Observe("h1", new CalibrationSnapshot("fake.t", DateTimeOffset.UnixEpoch.AddMinutes(1), [new QubitCalibration(1, 100, 80, after)], []))[0].Id;
    }
}
