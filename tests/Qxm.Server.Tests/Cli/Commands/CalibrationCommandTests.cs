using System.Text.Json;
using Qxm.Server.Tests.Support;

namespace Qxm.Server.Tests.Cli.Commands;

public sealed class CalibrationCommandTests
{
    [Fact]
    public async Task Calibration_ShowsTheSnapshotInEffect_ItsHistoryOfOneQubit_AndReleases()
    {
        using var home = new TempDirectory();

        var current = await CliOutcome.RunAsync("calibration", "fake.square9", "--home", home.Path);
        var json = await CliOutcome.RunAsync("calibration", "fake.square9", "--qubit", "4", "--output", "json", "--home", home.Path);
        var history = await CliOutcome.RunAsync("calibration", "fake.square9", "--history", "--qubit", "4", "--home", home.Path);
        var release = await CliOutcome.RunAsync("calibration", "fake.square9", "--release", "--home", home.Path);

        Assert.True(current.ExitCode == 0, current.ToString());
        Assert.StartsWith("fake.square9 calibration ", current.Stdout, StringComparison.Ordinal);
        Assert.Contains("readout error", current.Stdout, StringComparison.Ordinal);
        using var report = JsonDocument.Parse(json.Stdout);
        var hash = report.RootElement.GetProperty("current").GetProperty("hash").GetString()!;
        Assert.Equal(4, Assert.Single(report.RootElement.GetProperty("current").GetProperty("snapshot").GetProperty("qubits").EnumerateArray()).GetProperty("qubit").GetInt32());
        Assert.True(history.ExitCode == 0, history.ToString());
        Assert.Contains(hash[..12], history.Stdout, StringComparison.Ordinal);
        Assert.Equal("released 0 runs held for drift on fake.square9", release.Stdout.Trim());
    }

    [Fact]
    public async Task Calibration_UnknownBackend_ExitsThree_BadQubitExitsTwo()
    {
        using var home = new TempDirectory();

        var unknown = await CliOutcome.RunAsync("calibration", "fake.nope", "--home", home.Path);
        var negative = await CliOutcome.RunAsync("calibration", "fake.square9", "--qubit", "-1", "--home", home.Path);

        Assert.Equal(3, unknown.ExitCode);
        Assert.Contains("no backend with id 'fake.nope'", unknown.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, negative.ExitCode);
    }
}
