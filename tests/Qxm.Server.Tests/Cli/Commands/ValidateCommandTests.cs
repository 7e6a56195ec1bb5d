using Qxm.Server.Tests.Support;

namespace Qxm.Server.Tests.Cli.Commands;

public sealed class ValidateCommandTests
{
    private const string Circuit = "OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit[9] q;\nbit[1] c;\nh q[0];\ncz q[0], q[8];\nreset q[1];\nc[0] = measure q[0];\n";

    [Fact]
    public async Task Validate_InvalidOnDevice_PrintsEachProblemWithItsRule_AndExitsTwo()
    {
        using var home = new TempDirectory();
        var file = Path.Combine(home.Path, "c.qasm");
        await File.WriteAllTextAsync(file, Circuit);

        var outcome = await CliOutcome.RunAsync("validate", file, "--backend", "fake.square9", "--home", home.Path);

        Assert.True(outcome.ExitCode == 2, outcome.ToString());
        var lines = outcome.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith($"{file}:5:1: h is not native on fake.square9", lines[0], StringComparison.Ordinal);
        Assert.EndsWith("[target.non-native-operation]", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith($"{file}:6:1: ", StringComparison.Ordinal) && l.EndsWith("[target.uncoupled-qubits]", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith($"{file}:7:1: ", StringComparison.Ordinal) && l.EndsWith("[target.reset]", StringComparison.Ordinal));
        Assert.Equal("invalid on fake.square9: 3 errors, 1 warning", lines[^1]);
    }

    [Fact]
    public async Task Validate_OnlyWarnings_ExitsZero()
    {
        using var home = new TempDirectory();
        var file = Path.Combine(home.Path, "c.qasm");
        await File.WriteAllTextAsync(file, Circuit);

        var outcome = await CliOutcome.RunAsync("validate", file, "--home", home.Path);

        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        Assert.Contains("[lint.unused-qubit] (warning)", outcome.Stdout, StringComparison.Ordinal);
        Assert.EndsWith("valid on sim.statevector (1 warning)", outcome.Stdout.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BackendsFor_ListsEligibleBackends_AndWhyTheOthersAreExcluded()
    {
        using var home = new TempDirectory();
        var file = Path.Combine(home.Path, "c.qasm");
        await File.WriteAllTextAsync(file, Circuit);

        var outcome = await CliOutcome.RunAsync("backends", "--for", file, "--home", home.Path);

        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        var lines = outcome.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["eligible:", "  sim.statevector (0 queued, 0 per shot)", "excluded:"], lines[..3]);
        Assert.Contains(lines, l => l.StartsWith("  fake.square9: h is not native on fake.square9", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("  fake.ion25: h is not native on fake.ion25", StringComparison.Ordinal));
    }
}
