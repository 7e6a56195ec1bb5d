using System.Text.Json;
using Qxm.Server.Tests.Support;

namespace Qxm.Server.Tests.Cli;

/// <summary>The CLI with <c>--server</c> against a real server on loopback.</summary>
public sealed class RemoteModeTests
{
    [Fact]
    public async Task Run_AgainstServer_SucceedsAndTheServerHasTheRun()
    {
        await using var server = await RunningServer.StartAsync();
        var url = server.Url.ToString();

        using var credentials = await CredentialsFile.WriteAsync(server.AdminKey!);
        var outcome = await CliOutcome.RunAsync("--server", url, "--credentials", credentials.Path, "run", Repository.Example("ry-sweep.yaml"), "--output", "json", "--shots", "200");

        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        using var document = JsonDocument.Parse(outcome.Stdout);
        var id = document.RootElement.GetProperty("run").GetProperty("id").GetString()!;
        Assert.Equal(16, document.RootElement.GetProperty("result").GetProperty("points").GetArrayLength());
        Assert.Equal(200, (await server.GetRunAsync(id)).Shots);
        var status = await CliOutcome.RunAsync("status", id, "--server", url, "--credentials", credentials.Path);
        var results = await CliOutcome.RunAsync("results", id, "--server", url, "-o", "json", "--credentials", credentials.Path);
        var backends = await CliOutcome.RunAsync("backends", "--server", url, "--credentials", credentials.Path);
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Contains("succeeded", status.Stdout, StringComparison.Ordinal);
        Assert.True(results.ExitCode == 0, results.ToString());
        Assert.Contains("sim.statevector", backends.Stdout, StringComparison.Ordinal);
        var calibration = await CliOutcome.RunAsync("calibration", "fake.ion25", "--history", "--server", url, "-o", "json", "--credentials", credentials.Path);
        var release = await CliOutcome.RunAsync("calibration", "fake.ion25", "--release", "--server", url, "--credentials", credentials.Path);
        var unknown = await CliOutcome.RunAsync("calibration", "fake.nope", "--server", url, "--credentials", credentials.Path);
        Assert.True(calibration.ExitCode == 0, calibration.ToString());
        using var report = JsonDocument.Parse(calibration.Stdout);
        Assert.Equal(25, report.RootElement.GetProperty("current").GetProperty("snapshot").GetProperty("qubits").GetArrayLength());
        Assert.Equal(1, report.RootElement.GetProperty("history").GetArrayLength());
        Assert.Equal("released 0 runs held for drift on fake.ion25", release.Stdout.Trim());
        Assert.Equal(3, unknown.ExitCode);
    }

    [Fact]
    public async Task Run_BadCircuitAgainstServer_ExitsTwoNamingTheLocalFile()
    {
        await using var server = await RunningServer.StartAsync();
        using var directory = new TempDirectory();
        var circuit = Path.Combine(directory.Path, "broken.qasm");
        await File.WriteAllTextAsync(circuit, "OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[2];\nnope q[0];\n");

        using var credentials = await CredentialsFile.WriteAsync(server.AdminKey!);
        var outcome = await CliOutcome.RunAsync("--server", server.Url.ToString(), "--credentials", credentials.Path, "run", circuit);

        Assert.True(outcome.ExitCode == 2, outcome.ToString());
        Assert.Contains(outcome.StderrLines, line => line.StartsWith($"{circuit}:4:", StringComparison.Ordinal));
        Assert.Empty(await server.ListRunsAsync());
    }

    [Fact]
    public async Task Submit_AcceptedWithWarningsAgainstServer_WarningsNameTheLocalCircuitFile()
    {
        await using var server = await RunningServer.StartAsync(runWorkers: false);
        using var directory = new TempDirectory();
        await File.WriteAllTextAsync(Path.Combine(directory.Path, "spare.qasm"),
            "OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[3];\ncreg c[2];\nh q[0];\ncx q[0], q[1];\nmeasure q[0] -> c[0];\nmeasure q[1] -> c[1];\n");
        var experiment = Path.Combine(directory.Path, "spare.yaml");
        await File.WriteAllTextAsync(experiment, "version: 1\nname: spare\ncircuit: spare.qasm\nshots: 100\n");

        using var credentials = await CredentialsFile.WriteAsync(server.AdminKey!);
        var outcome = await CliOutcome.RunAsync("--server", server.Url.ToString(), "--credentials", credentials.Path, "submit", experiment);

        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        var expected = Path.GetRelativePath(Environment.CurrentDirectory, Path.Combine(directory.Path, "spare.qasm"));
        var warning = Assert.Single(outcome.StderrLines, l => l.EndsWith("(warning)", StringComparison.Ordinal));
        Assert.True(warning.StartsWith($"{expected}: qubit q[2]", StringComparison.Ordinal), warning);
        Assert.DoesNotContain("<inline>", outcome.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("status")]
    [InlineData("results")]
    [InlineData("cancel")]
    public async Task UnknownRun_AgainstServer_ExitsThree(string verb)
    {
        await using var server = await RunningServer.StartAsync(runWorkers: false);

        using var credentials = await CredentialsFile.WriteAsync(server.AdminKey!);
        var outcome = await CliOutcome.RunAsync(verb, "r-unknown", "--server", server.Url.ToString(), "--credentials", credentials.Path);

        Assert.True(outcome.ExitCode == 3, outcome.ToString());
    }

    [Fact]
    public async Task Run_OverTheTenantsStoredBytesQuota_ExitsFiveNamingTheQuotaNotTheCredentials()
    {
        const string Tenants = "tenants:\n  - id: default\n    maxStoredBytes: 10\n";
        await using var server = await RunningServer.StartAsync(runWorkers: false, tenantsYaml: Tenants);
        using var credentials = await CredentialsFile.WriteAsync(server.AdminKey!);
        using var home = new TempDirectory();
        await File.WriteAllTextAsync(Path.Combine(home.Path, "tenants.yaml"), Tenants);

        var remote = await CliOutcome.RunAsync("--server", server.Url.ToString(), "--credentials", credentials.Path, "submit", Repository.Example("bell.yaml"));
        var embedded = await CliOutcome.RunAsync("--home", home.Path, "submit", Repository.Example("bell.yaml"));

        foreach (var outcome in new[] { remote, embedded })
        {
            Assert.True(outcome.ExitCode == 5, outcome.ToString());
            Assert.Contains("10 bytes", outcome.Stderr, StringComparison.Ordinal);
        }

        Assert.Empty(await server.ListRunsAsync());
    }
}
