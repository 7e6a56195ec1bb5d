using Qxm.Domain.Runs;
using Qxm.Domain.Tenancy;
using Qxm.Engine.Persistence;
using Qxm.Engine.Slo;

namespace Qxm.Engine.Tests.Slo;

public sealed class SliCalculatorTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Compute_MixedRuns_RatesAndPercentilesPerGroupAndOverall()
    {
        FinishedRunRecord[] runs =
        [
            Run("a", "sim", RunState.Succeeded, queued: 1, e2e: 10, execution: 2, ingestGap: 0.5),
            Run("a", "sim", RunState.Succeeded, queued: 3, e2e: 20, execution: 2, ingestGap: 1.5),
            Run("a", "sim", RunState.Failed, queued: 2, e2e: 5, execution: null, ingestGap: 0, leaseExpiries: 1),
            Run("b", "fake", RunState.Cancelled, queued: null, e2e: 1, execution: null, ingestGap: 0, trace: false),
        ];

        var report = SliCalculator.Compute(runs, "1d", T0, T0.AddDays(1), truncated: false);

        var all = report.Groups.Single(g => g.Tenant == "*");
        Assert.Equal((4, 2, 1, 1), (all.Finished, all.Succeeded, all.Failed, all.Cancelled));
        Assert.Equal(2 / 3.0, all.SuccessRate!.Value, 9);
        Assert.Equal(0.75, all.TelemetryCompleteness!.Value, 9);
        Assert.Equal(1 / 3.0, all.SchedulerErrorRate!.Value, 9);
        var a = report.Groups.Single(g => g.Tenant == "a");
        Assert.Equal((10.0, 20.0), (a.EndToEnd!.P50, a.EndToEnd.P99));
        Assert.Equal((2.0, 3.0), (a.QueueWait!.P50, a.QueueWait.P99));
        Assert.Equal(1.5, a.Ingestion!.P99, 6);
        var b = report.Groups.Single(g => g.Tenant == "b");
        Assert.Null(b.SuccessRate);
        Assert.Null(b.QueueWait);
        Assert.Empty(report.Pending);
    }

    [Fact]
    public void Compute_WithWindowFacts_RetryUtilisationDriftDeniedAndCost()
    {
        // A 10-hour window; tenant a holds a 2-hour reservation on sim from hour 1.
        var until = T0.AddHours(10);
        FinishedRunRecord[] runs =
        [
            // Executes 1800 s inside a's reservation; two of its calls failed.
            Run("a", "sim", RunState.Succeeded, queued: 3600, e2e: 3600 + 1800 + 1, execution: 1800, ingestGap: 1) with { FailedCalls = 2, ShotsExecuted = 1000 },
            // Executes 3600 s outside any reservation.
            Run("a", "sim", RunState.Succeeded, queued: 5 * 3600, e2e: 6 * 3600 + 1, execution: 3600, ingestGap: 1) with { ShotsExecuted = 3000 },
            // Tenant b's run during a's reservation is not reserved time of b's.
            Run("b", "sim", RunState.Failed, queued: 4000, e2e: 4600, execution: null, ingestGap: 0),
        ];
        var facts = new SliWindowFacts(
            [new Reservation("r1", "sim", "a", T0.AddHours(1), T0.AddHours(3))],
            new Dictionary<string, int> { ["sim"] = 5 },
            new Dictionary<string, int> { ["a"] = 20, [""] = 10 });

        var report = SliCalculator.Compute(runs, "10h", T0, until, truncated: false, facts, new Dictionary<string, decimal> { ["sim"] = 0.001m });

        var a = report.Groups.Single(g => g.Tenant == "a");
        Assert.Equal(0.5, a.RetryRate!.Value, 9);
        Assert.Equal(1800, a.Utilisation!.ReservedBusySeconds, 6);
        Assert.Equal(3600, a.Utilisation.UnreservedBusySeconds, 6);
        Assert.Equal(1800 / 7200.0, a.Utilisation.Reserved!.Value, 9);
        Assert.Equal(3600 / (36000.0 - 7200), a.Utilisation.Unreserved!.Value, 9);
        Assert.Equal(12, a.DriftEventsPerDay!.Value, 9);
        Assert.Equal(2, a.DeniedPerHour!.Value, 9);
        Assert.Equal(2m, a.CostPerExperiment);
        var b = report.Groups.Single(g => g.Tenant == "b");
        Assert.Equal(0, b.Utilisation!.ReservedBusySeconds, 6);
        Assert.Null(b.Utilisation.Reserved);
        Assert.Equal(600, b.Utilisation.UnreservedBusySeconds, 6);
        Assert.Null(b.CostPerExperiment);
        var all = report.Groups.Single(g => g.Tenant == "*");
        Assert.Equal(3, all.DeniedPerHour!.Value, 9);
        Assert.Equal(1 / 3.0, all.RetryRate!.Value, 9);
        Assert.Equal(1800 / 7200.0, all.Utilisation!.Reserved!.Value, 9);
    }

    [Fact]
    public void Percentiles_NearestRank_OfOneToHundred()
    {
        var p = SliCalculator.Percentiles(Enumerable.Range(1, 100).Select(i => (double)i))!;

        Assert.Equal((50.0, 90.0, 99.0, 100.0), (p.P50, p.P90, p.P99, p.Max));
        Assert.Null(SliCalculator.Percentiles([]));
    }

    [Theory]
    [InlineData("slos: [{name: x, sli: success_rate, objective: 1.5}]", "objective")]
    [InlineData("slos: [{name: x, sli: speed, objective: 0.9}]", "sli")]
    [InlineData("slos: [{name: x, sli: latency, objective: 0.9, threshold_seconds: 7}]", "bucket boundary")]
    [InlineData("slos: [{name: x, sli: success_rate, objective: 0.9}]\nmaintenance: [{backend: b, start: 2026-01-02T00:00:00Z, end: 2026-01-01T00:00:00Z}]", "later 'end'")]
    public void SloFile_Invalid_NamesTheProblemAndWhere(string yaml, string expected)
    {
        var (file, error) = SloFile.Parse(yaml, "slos.yaml");

        Assert.Null(file);
        Assert.Contains(expected, error!.Message, StringComparison.Ordinal);
        Assert.Equal("slos.yaml", error.File);
        Assert.True(error.Line > 0);
    }

    [Theory]
    [InlineData("1h", 3600)]
    [InlineData("30d", 2_592_000)]
    [InlineData("5m", 300)]
    public void SliWindow_ParsesAndFormatsBack(string text, double seconds)
    {
        Assert.True(SliWindow.TryParse(text, out var window));
        Assert.Equal(seconds, window.TotalSeconds);
        Assert.Equal(text, SliWindow.Format(window));
    }

    [Theory]
    [InlineData("")]
    [InlineData("1y")]
    [InlineData("-1h")]
    [InlineData("d")]
    public void SliWindow_Invalid_IsRefused(string text) => Assert.False(SliWindow.TryParse(text, out _));

    private static FinishedRunRecord Run(
        string tenant, string backend, RunState state, double? queued, double e2e, double? execution, double ingestGap, int leaseExpiries = 0, bool trace = true)
    {
        var started = queued is { } q ? T0.AddSeconds(q) : (DateTimeOffset?)null;
        var finished = T0.AddSeconds(e2e);
        var lastStarted = execution is { } x ? finished.AddSeconds(-(x + ingestGap)) : started;
        return new FinishedRunRecord(tenant, backend, state, T0, finished, started, lastStarted, execution, trace, state == RunState.Succeeded,
            leaseExpiries, state == RunState.Failed ? "Transient: boom" : null);
    }
}
