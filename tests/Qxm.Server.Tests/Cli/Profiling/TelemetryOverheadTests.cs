using Qxm.Cli.Profiling;

namespace Qxm.Server.Tests.Cli.Profiling;

public sealed class TelemetryOverheadTests
{
    [Fact]
    public async Task RunAsync_OneSmallRound_MeasuresBothModesInFreshServerProcesses()
    {
        var progress = new List<string>();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(3));

        var report = await TelemetryOverhead.RunAsync(
            new TelemetryOverheadOptions(Rounds: 1, Submissions: 40, Clients: 4, TinyRuns: 3, WarmUpSubmissions: 8, WarmUpBursts: 1), progress.Add, deadline.Token);

        Assert.Equal(["off", "on "], progress.Select(line => line.Split("telemetry ")[1][..3]));
        foreach (var figures in new[] { report.Off, report.On })
        {
            Assert.True(figures.SubmissionsPerSecond > 0, $"{figures}");
            Assert.True(figures.CpuMillisecondsPerSubmission > 0, $"{figures}");
            Assert.True(figures.QueuedRunsPerSecond > 0, $"{figures}");
            Assert.True(figures.TinyRunP50Milliseconds > 0 && figures.TinyRunP50Milliseconds <= figures.TinyRunP99Milliseconds, $"{figures}");
        }

        Assert.Equal(1, report.Ratios.Throughput.Rounds);
        Assert.Equal(RatioVerdict.TooFewRounds, report.Ratios.TinyRunP50.Against(0.05, lowerIsBetter: true));
    }
}
