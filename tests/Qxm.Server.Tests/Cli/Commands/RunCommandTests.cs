using System.Text.Json;
using System.Text.RegularExpressions;
using Qxm.Server.Tests.Support;

namespace Qxm.Server.Tests.Cli.Commands;

public sealed partial class RunCommandTests
{
    [Fact]
    public async Task Run_BellExperiment_PrintsRunIdAndOnlyCorrelatedOutcomes()
    {
        using var home = new TempDirectory();

        var outcome = await CliOutcome.RunAsync("run", Repository.Example("bell.yaml"), "--home", home.Path);

        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        Assert.Matches(RunIdPattern(), outcome.Stdout);
        Assert.Contains("succeeded", outcome.Stdout, StringComparison.Ordinal);
        var outcomes = OutcomeRows().Matches(outcome.Stdout).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(["00", "11"], outcomes);
    }

    [Fact]
    public async Task Run_WithTimings_PrintsEachPhaseOnStderrAndKeepsStdoutJson()
    {
        using var home = new TempDirectory();

        var outcome = await CliOutcome.RunAsync("run", Repository.Example("bell.yaml"), "--output", "json", "--timings", "--home", home.Path);

        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        using var result = JsonDocument.Parse(outcome.Stdout);
        var line = Assert.Single(outcome.Stderr.Split('\n'), l => l.StartsWith("timings ", StringComparison.Ordinal));
        using var timings = JsonDocument.Parse(line["timings ".Length..]);
        foreach (var phase in new[] { "open", "submit", "compile", "plan", "passes", "marginals", "sampling", "store-result", "print", "close" })
        {
            Assert.True(timings.RootElement.GetProperty(phase).GetDouble() >= 0, line);
        }
    }

    [Fact]
    public async Task Run_RySweepAsJson_FollowsSinSquaredWithinFiveStandardErrors()
    {
        using var home = new TempDirectory();

        var outcome = await CliOutcome.RunAsync("run", Repository.Example("ry-sweep.yaml"), "--output", "json", "--seed", "11", "--home", home.Path);

        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        using var document = JsonDocument.Parse(outcome.Stdout);
        var run = document.RootElement.GetProperty("run");
        Assert.Equal("succeeded", run.GetProperty("state").GetString());
        var points = document.RootElement.GetProperty("result").GetProperty("points").EnumerateArray().ToList();
        Assert.Equal(16, points.Count);
        foreach (var point in points)
        {
            var theta = point.GetProperty("parameters").GetProperty("theta").GetDouble();
            var counts = point.GetProperty("counts").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64());
            var shots = counts.Values.Sum();
            var expected = Math.Pow(Math.Sin(theta / 2), 2);
            var observed = (double)counts.GetValueOrDefault("1") / shots;
            var standardError = Math.Sqrt(expected * (1 - expected) / shots);
            Assert.True(
                Math.Abs(observed - expected) <= (5 * standardError) + 1e-9,
                $"theta={theta}: P(1) observed {observed}, expected {expected} ± {5 * standardError}");
        }
    }

    [Fact]
    public async Task Run_BareQasm_UsesShotsOption()
    {
        using var home = new TempDirectory();

        var outcome = await CliOutcome.RunAsync("run", Repository.Example("ghz5.qasm"), "--shots", "300", "--seed", "5", "--output", "json", "--home", home.Path);

        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        using var document = JsonDocument.Parse(outcome.Stdout);
        Assert.Equal(300, document.RootElement.GetProperty("run").GetProperty("shots").GetInt32());
        Assert.Equal("sim.statevector", document.RootElement.GetProperty("run").GetProperty("backend").GetString());
        var counts = document.RootElement.GetProperty("result").GetProperty("points")[0].GetProperty("counts");
        Assert.Equal(["00000", "11111"], counts.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal("", outcome.Stdout[..outcome.Stdout.IndexOf('{', StringComparison.Ordinal)].Trim());
    }

    [Fact]
    public async Task Run_ManyOutcomes_PrintsTheMostFrequentInOrderAndJsonHasThemAll()
    {
        using var home = new TempDirectory();
        var circuit = Path.Combine(home.Path, "spread.qasm");
        await File.WriteAllTextAsync(circuit, "OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit[7] q;\nbit[7] c;\nh q;\nry(0.9) q[0];\nc = measure q;\n");

        var text = await CliOutcome.RunAsync("run", circuit, "--shots", "3000", "--seed", "9", "--home", home.Path);
        var json = await CliOutcome.RunAsync("run", circuit, "--shots", "3000", "--seed", "9", "--output", "json", "--home", home.Path);

        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.True(json.ExitCode == 0, json.ToString());
        using var document = JsonDocument.Parse(json.Stdout);
        var counts = document.RootElement.GetProperty("result").GetProperty("points")[0].GetProperty("counts")
            .EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64());
        Assert.True(counts.Count > 64, $"{counts.Count} outcomes");
        var expected = counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Take(32).Select(c => c.Key);
        Assert.Equal(expected, OutcomeRows().Matches(text.Stdout).Select(m => m.Groups[1].Value));
        Assert.Contains($"32 most frequent of {counts.Count} outcomes", text.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_BadCircuit_ExitsTwoWithLocatedDiagnostic()
    {
        using var home = new TempDirectory();
        var circuit = Path.Combine(home.Path, "bad.qasm");
        await File.WriteAllTextAsync(circuit, "OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[2];\nh q[5];\n");

        var outcome = await CliOutcome.RunAsync("run", circuit, "--home", home.Path);

        Assert.True(outcome.ExitCode == 2, outcome.ToString());
        Assert.Contains(outcome.StderrLines, line => Regex.IsMatch(line, @"bad\.qasm:4:\d+: .+"));
        Assert.Equal("", outcome.Stdout);
    }

    [Fact]
    public async Task Run_BadExperimentFile_ExitsTwoWithLocatedDiagnostic()
    {
        using var home = new TempDirectory();
        var experiment = Path.Combine(home.Path, "bad.yaml");
        await File.WriteAllTextAsync(experiment, "version: 1\nname: bad\ncircuit: {source: \"OPENQASM 2.0;\"}\nshots: 10\nshotz: 3\n");

        var outcome = await CliOutcome.RunAsync("run", experiment, "--home", home.Path);

        Assert.True(outcome.ExitCode == 2, outcome.ToString());
        Assert.Contains(outcome.StderrLines, line => Regex.IsMatch(line, @"bad\.yaml:5:\d+: .+"));
    }

    [Fact]
    public async Task Run_MissingFile_ExitsTwo()
    {
        using var home = new TempDirectory();

        var outcome = await CliOutcome.RunAsync("run", Path.Combine(home.Path, "absent.yaml"), "--home", home.Path);

        Assert.True(outcome.ExitCode == 2, outcome.ToString());
        Assert.Contains("absent.yaml", outcome.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_ThenStatusAndResults_AgreeOnTheRun()
    {
        using var home = new TempDirectory();

        var submitted = await CliOutcome.RunAsync("submit", Repository.Example("bell.yaml"), "--home", home.Path);
        var id = submitted.Stdout.Trim();
        var status = await CliOutcome.RunAsync("status", id, "--home", home.Path, "--output", "json");
        var results = await CliOutcome.RunAsync("results", id, "--home", home.Path);
        var list = await CliOutcome.RunAsync("status", "--home", home.Path);

        Assert.True(submitted.ExitCode == 0, submitted.ToString());
        Assert.Matches(RunIdPattern(), id);
        Assert.Equal("queued", JsonDocument.Parse(status.Stdout).RootElement.GetProperty("state").GetString());
        Assert.True(results.ExitCode == 1, results.ToString());
        Assert.Contains(id, list.Stdout, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"r-[0-9a-f]{32}")]
    private static partial Regex RunIdPattern();

    [GeneratedRegex(@"│\s*([01]+)\s*│\s*\d+\s*│")]
    private static partial Regex OutcomeRows();

    [Fact]
    public async Task Run_Sweep_DrawsOneChartWithARowPerPoint()
    {
        using var home = new TempDirectory();

        var outcome = await CliOutcome.RunAsync("run", Repository.Example("ry-sweep.yaml"), "--home", home.Path);

        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        Assert.Contains("P(0)", outcome.Stdout, StringComparison.Ordinal);
        Assert.Contains("P(1)", outcome.Stdout, StringComparison.Ordinal);
        var rows = outcome.Stdout.Split('\n').Where(l => l.Contains("theta=", StringComparison.Ordinal)).ToList();
        Assert.Equal(16, rows.Count);
        Assert.Contains("1.000 ████████████████████", rows[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_ExperimentWithBadCircuit_NamesTheCircuitFromTheCurrentDirectory()
    {
        using var home = new TempDirectory();
        var folder = Directory.CreateDirectory(Path.Combine(home.Path, "exp")).FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, "bad.qasm"), "OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[2];\ncx q[0];\n");
        await File.WriteAllTextAsync(Path.Combine(folder, "bad.yaml"), "name: bad\ncircuit: bad.qasm\nshots: 10\n");

        var outcome = await CliOutcome.RunAsync("run", Path.Combine(folder, "bad.yaml"), "--home", home.Path);

        Assert.True(outcome.ExitCode == 2, outcome.ToString());
        var line = Assert.Single(outcome.StderrLines, l => l.Contains(":4:1:", StringComparison.Ordinal));
        var file = line[..line.IndexOf(":4:1:", StringComparison.Ordinal)];
        Assert.True(File.Exists(Path.Combine(Environment.CurrentDirectory, file)), $"'{file}' should name the circuit from the current directory");
    }
}
