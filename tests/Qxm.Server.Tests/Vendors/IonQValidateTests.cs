using Qxm.Server.Tests.Support;

namespace Qxm.Server.Tests.Vendors;

/// <summary><c>qxm validate --backend</c> checks a circuit against an IonQ device's Target exactly as against a fake
/// device's, from backends.yaml in the data directory, without calling IonQ (the endpoint here answers nothing).</summary>
public sealed class IonQValidateTests
{
    private const string Backends = "backends:\n  - id: ionq.aria\n    vendor: ionq\n    device: qpu.aria-1\n    url: http://127.0.0.1:9/v0.4\n    credentials: { env: QXM_TEST_IONQ_UNSET }\n";

    [Fact]
    public async Task Validate_OnIonQAria_AcceptsAnAllToAllCircuit_AndRefusesWhatIonQCannotRun_AtItsLine()
    {
        using var home = new TempDirectory();
        await File.WriteAllTextAsync(Path.Combine(home.Path, "backends.yaml"), Backends);
        var good = Path.Combine(home.Path, "ghz.qasm");
        await File.WriteAllTextAsync(good, "OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit[5] q;\nbit[5] c;\nh q[0];\ncx q[0], q[4];\ncx q[4], q[2];\nc = measure q;\n");
        var bad = Path.Combine(home.Path, "bad.qasm");
        await File.WriteAllTextAsync(bad, "OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit[26] q;\nbit[1] c;\nh q[0];\nreset q[1];\ncswap q[0], q[1], q[2];\nc[0] = measure q[25];\n");

        var valid = await CliOutcome.RunAsync("validate", good, "--backend", "ionq.aria", "--home", home.Path);
        var invalid = await CliOutcome.RunAsync("validate", bad, "--backend", "ionq.aria", "--home", home.Path);

        Assert.True(valid.ExitCode == 0, valid.ToString());
        Assert.EndsWith("valid on ionq.aria (0 warnings)", valid.Stdout.Trim(), StringComparison.Ordinal);
        Assert.True(invalid.ExitCode == 2, invalid.ToString());
        Assert.Contains($"{bad}:6:1: ", invalid.Stdout, StringComparison.Ordinal);
        Assert.Contains("[target.reset]", invalid.Stdout, StringComparison.Ordinal);
        Assert.Contains($"{bad}:7:1: cswap is not native on ionq.aria", invalid.Stdout, StringComparison.Ordinal);
        Assert.Contains("25 qubits", invalid.Stdout, StringComparison.Ordinal);
    }
}
