using Qxm.Server.Tests.Support;

namespace Qxm.Server.Tests.Vendors;

/// <summary><c>qxm estimate</c> and <c>qxm validate</c> on a Braket QPU from backends.yaml: AWS's published price ($0.30 a
/// task plus the device's price a shot) and the device's published gates, without calling Braket or S3 (the endpoints
/// here answer nothing).</summary>
public sealed class BraketEstimateTests
{
    private const string Backends = """
        backends:
          - id: braket.aria
            vendor: braket
            device: arn:aws:braket:us-east-1::device/qpu/ionq/Aria-1
            url: http://127.0.0.1:9/
            bucket: amazon-braket-lab
            s3Url: http://127.0.0.1:9/
            credentials: { env: QXM_TEST_UNSET_ACCESS_KEY_ID }
        """;

    [Fact]
    public async Task Estimate_OnAnIonQQpuThroughBraket_IsPerTaskPlusPerShot_AndAGateItLacksIsAnError()
    {
        using var home = new TempDirectory();
        await File.WriteAllTextAsync(Path.Combine(home.Path, "backends.yaml"), Backends);
        var bell = Path.Combine(home.Path, "bell.qasm");
        await File.WriteAllTextAsync(bell, "OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit[2] q;\nbit[2] c;\nh q[0];\ncx q[0], q[1];\nc = measure q;\n");
        var cz = Path.Combine(home.Path, "cz.qasm");
        await File.WriteAllTextAsync(cz, "OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit[2] q;\nbit[2] c;\nh q[0];\ncz q[0], q[1];\nc = measure q;\n");

        var priced = await CliOutcome.RunAsync("estimate", bell, "--backend", "braket.aria", "--shots", "1000", "--home", home.Path);
        var invalid = await CliOutcome.RunAsync("estimate", cz, "--backend", "braket.aria", "--home", home.Path);

        // $0.30 a task + 1,000 shots x $0.03.
        Assert.Equal((0, "$30.30 on braket.aria ($0.30 per task, $0.03 per shot)"), (priced.ExitCode, priced.Stdout.Trim()));
        Assert.Equal(2, invalid.ExitCode);
        Assert.Contains($"{cz}:6:1: cz is not native on braket.aria", invalid.Stdout, StringComparison.Ordinal);
    }
}
