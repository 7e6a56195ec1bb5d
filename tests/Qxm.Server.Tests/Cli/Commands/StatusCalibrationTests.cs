using Qxm.Server.Tests.Support;

namespace Qxm.Server.Tests.Cli.Commands;

public sealed class StatusCalibrationTests
{
    [Fact]
    public async Task Status_OfARunOnAFakeDevice_NamesItsCalibrationAndPolicy()
    {
        using var home = new TempDirectory();
        var experiment = Path.Combine(home.Path, "bell9.yaml");
        File.WriteAllText(experiment, """
            name: bell9
            circuit:
              source: |
                OPENQASM 3.0;
                include "stdgates.inc";
                qubit[2] q;
                bit[2] c;
                rz(pi/2) q[1]; sx q[1]; rz(pi/2) q[1];
                cz q[0], q[1];
                c[0] = measure q[0];
                c[1] = measure q[1];
            shots: 200
            backend: fake.square9
            onDrift: flag
            """);

        var run = await CliOutcome.RunAsync("run", experiment, "--output", "json", "--home", home.Path);
        Assert.True(run.ExitCode == 0, run.ToString());
        using var document = System.Text.Json.JsonDocument.Parse(run.Stdout);
        var id = document.RootElement.GetProperty("run").GetProperty("id").GetString()!;
        var status = await CliOutcome.RunAsync("status", id, "--home", home.Path);
        var calibration = await CliOutcome.RunAsync("calibration", "fake.square9", "--output", "json", "--home", home.Path);

        Assert.True(status.ExitCode == 0, status.ToString());
        using var report = System.Text.Json.JsonDocument.Parse(calibration.Stdout);
        var hash = report.RootElement.GetProperty("current").GetProperty("hash").GetString()!;
        var lines = status.Stdout.Split('\n').Select(l => string.Join(' ', l.Split(' ', StringSplitOptions.RemoveEmptyEntries))).ToList();
        Assert.Contains(lines, l => l.StartsWith($"calibration {hash} (taken ", StringComparison.Ordinal));
        Assert.Contains("on drift flag", lines);
    }
}
