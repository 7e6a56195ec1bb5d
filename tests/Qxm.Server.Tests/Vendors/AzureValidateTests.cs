using Qxm.Server.Tests.Support;

namespace Qxm.Server.Tests.Vendors;

/// <summary><c>qxm validate --backend</c> checks a circuit against an Azure Quantum target's Target exactly as against a
/// fake device's, from backends.yaml in the data directory, without calling Azure (the endpoint here answers nothing).</summary>
public sealed class AzureValidateTests
{
    private const string Backends = """
        backends:
          - id: azure.h2
            vendor: azure
            device: quantinuum.qpu.h2-1
            url: http://127.0.0.1:9
            instance: /subscriptions/0/resourceGroups/lab/providers/Microsoft.Quantum/Workspaces/ws
            credentials: { env: QXM_TEST_AZURE_UNSET }
        """;

    [Fact]
    public async Task Validate_OnQuantinuumH2_AcceptsMidCircuitMeasureAndReset_AndRefusesWhatItCannotRun_AtItsLine()
    {
        using var home = new TempDirectory();
        await File.WriteAllTextAsync(Path.Combine(home.Path, "backends.yaml"), Backends);
        var good = Path.Combine(home.Path, "teleport.qasm");
        await File.WriteAllTextAsync(good, "OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit[3] q;\nbit[3] c;\nh q[0];\ncx q[0], q[2];\nc[0] = measure q[0];\nreset q[0];\ncz q[1], q[2];\nc[1] = measure q[1];\nc[2] = measure q[2];\n");
        var bad = Path.Combine(home.Path, "bad.qasm");
        await File.WriteAllTextAsync(bad, "OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit[57] q;\nbit[1] c;\nh q[0];\ncswap q[0], q[1], q[2];\nc[0] = measure q[56];\n");

        var valid = await CliOutcome.RunAsync("validate", good, "--backend", "azure.h2", "--home", home.Path);
        var invalid = await CliOutcome.RunAsync("validate", bad, "--backend", "azure.h2", "--home", home.Path);

        Assert.True(valid.ExitCode == 0, valid.ToString());
        Assert.EndsWith("valid on azure.h2 (0 warnings)", valid.Stdout.Trim(), StringComparison.Ordinal);
        Assert.True(invalid.ExitCode == 2, invalid.ToString());
        Assert.Contains($"{bad}:6:1: cswap is not native on azure.h2", invalid.Stdout, StringComparison.Ordinal);
        Assert.Contains("56 qubits", invalid.Stdout, StringComparison.Ordinal);
    }
}
