using System.Text.Json;
using Qxm.Server.Tests.Support;

namespace Qxm.Server.Tests.Cli.Commands;

public sealed class BenchCommandTests
{
    [Fact]
    public async Task Bench_JsonOutput_ListsEveryCircuitWithItsSeconds()
    {
        using var directory = new TempDirectory();
        await File.WriteAllTextAsync(
            Path.Combine(directory.Path, "ghz_6.qasm"),
            "OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[6];\nh q[0];\ncx q[0],q[1];\ncx q[1],q[2];\n");
        await File.WriteAllTextAsync(
            Path.Combine(directory.Path, "rot_5.qasm"),
            "OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[5];\nrx(0.5) q[0];\nrz(0.25) q[4];\n");

        var outcome = await CliOutcome.RunAsync("bench", "--circuits", directory.Path, "--threads", "2", "--precision", "single", "--output", "json");

        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        using var json = JsonDocument.Parse(outcome.Stdout);
        var circuits = json.RootElement.EnumerateArray().ToArray();
        Assert.Equal(["ghz_6", "rot_5"], circuits.Select(c => c.GetProperty("circuit").GetString()));
        Assert.All(circuits, c => Assert.True(c.GetProperty("seconds").GetDouble() > 0));
        Assert.Equal(3, circuits[0].GetProperty("gates").GetInt32());
    }

    [Fact]
    public async Task Bench_EndToEnd_SplitsAFreshRunProcessIntoItsPhases()
    {
        using var directory = new TempDirectory();
        await File.WriteAllTextAsync(
            Path.Combine(directory.Path, "ghz_5.qasm"),
            "OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[5];\ncreg c[5];\nh q[0];\ncx q[0],q[1];\ncx q[1],q[2];\nmeasure q -> c;\n");

        var outcome = await CliOutcome.RunAsync("bench", "--circuits", directory.Path, "--end-to-end", "--shots", "100", "--output", "json");

        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        using var json = JsonDocument.Parse(outcome.Stdout);
        var row = Assert.Single(json.RootElement.EnumerateArray().ToArray());
        Assert.Equal("ghz_5", row.GetProperty("circuit").GetString());
        var phases = row.GetProperty("phases");
        var wall = phases.GetProperty("wall").GetDouble();
        string[] measured = ["startup", "open", "submit", "compile", "passes", "marginals", "sampling", "store-result"];
        Assert.All(measured, p => Assert.True(phases.GetProperty(p).GetDouble() > 0, $"{p} was not measured: {phases}"));
        Assert.True(measured.Sum(p => phases.GetProperty(p).GetDouble()) <= wall, phases.ToString());
    }

    [Theory]
    [InlineData("--threads", "0")]
    [InlineData("--precision", "half")]
    [InlineData("--circuits", "no/such/directory")]
    public async Task Bench_BadOption_ExitsTwo(string option, string value)
    {
        var outcome = await CliOutcome.RunAsync("bench", option, value);

        Assert.True(outcome.ExitCode == 2, outcome.ToString());
    }

    [Fact]
    public async Task Bench_CircuitThatDoesNotParse_ExitsTwoNamingTheFile()
    {
        using var directory = new TempDirectory();
        await File.WriteAllTextAsync(Path.Combine(directory.Path, "broken.qasm"), "OPENQASM 2.0;\nqreg q[2];\nfrob q[0];\n");

        var outcome = await CliOutcome.RunAsync("bench", "--circuits", directory.Path);

        Assert.True(outcome.ExitCode == 2, outcome.ToString());
        Assert.Contains("broken.qasm", outcome.Stderr, StringComparison.Ordinal);
    }
}
