using Qxm.Engine.Tests.Vendors.Ibm;
using Qxm.Server.Tests.Support;

namespace Qxm.Server.Tests.Vendors;

/// <summary><c>qxm estimate FILE --backend B</c> prices an experiment under the backend's model from backends.yaml (the
/// vendor's published prices or the file's override) without calling the vendor (the endpoints here answer nothing), and
/// an experiment that is not valid on the backend gets its errors and exit code 2 instead of a price.</summary>
public sealed class EstimateCommandTests
{
    private const string Backends = """
        backends:
          - id: ionq.aria
            vendor: ionq
            device: qpu.aria-1
            url: http://127.0.0.1:9/v0.4
            credentials: { env: QXM_TEST_UNSET_KEY }
          - id: ibm.torino
            vendor: ibm
            device: ibm_torino
            url: http://127.0.0.1:9/api/v1
            tokenUrl: http://127.0.0.1:9/identity/token
            instance: "crn:v1:bluemix:public:quantum-computing:us-east:a/1:2::"
            credentials: { env: QXM_TEST_UNSET_KEY }
          - id: ionq.cheap
            vendor: ionq
            device: simulator
            url: http://127.0.0.1:9/v0.4
            credentials: { env: QXM_TEST_UNSET_KEY }
            pricing: { perTask: 0.30, perShot: 0.00035 }
        """;

    [Fact]
    public async Task Estimate_PricesEachVendorsPublishedModel_AndTheOverride_WithoutCallingTheVendor()
    {
        using var home = new TempDirectory();
        await File.WriteAllTextAsync(Path.Combine(home.Path, "backends.yaml"), Backends);
        var bell = Path.Combine(home.Path, "bell.qasm");
        await File.WriteAllTextAsync(bell, IbmCircuits.Ghz(2));
        var notIsa = Path.Combine(home.Path, "h.qasm");
        await File.WriteAllTextAsync(notIsa, "OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit[2] q;\nbit[2] c;\nh q[0];\ncx q[0], q[1];\nc = measure q;\n");

        var ibm = await CliOutcome.RunAsync("estimate", bell, "--backend", "ibm.torino", "--shots", "1000", "--home", home.Path);
        var ionq = await CliOutcome.RunAsync("estimate", notIsa, "--backend", "ionq.aria", "--shots", "1000", "--home", home.Path);
        var cheap = await CliOutcome.RunAsync("estimate", notIsa, "--backend", "ionq.cheap", "--shots", "1000", "--home", home.Path);
        var invalid = await CliOutcome.RunAsync("estimate", notIsa, "--backend", "ibm.torino", "--home", home.Path);

        // (2 s + 1,000 x 250 us) x $1.60; IonQ's $12.42 minimum a job; $0.30 + 1,000 x $0.00035.
        Assert.Equal((0, "$3.60 on ibm.torino ($1.60 per second)"), (ibm.ExitCode, ibm.Stdout.Trim()));
        Assert.Equal((0, "$12.42 on ionq.aria ($0.000220 per 1q gate-shot, $0.000975 per 2q gate-shot, $12.42 minimum per task)"), (ionq.ExitCode, ionq.Stdout.Trim()));
        Assert.Equal((0, "$0.65 on ionq.cheap ($0.30 per task, $0.00035 per shot)"), (cheap.ExitCode, cheap.Stdout.Trim()));
        Assert.Equal(2, invalid.ExitCode);
        Assert.Contains($"{notIsa}:5:1: h is not native on ibm.torino", invalid.Stdout, StringComparison.Ordinal);
    }
}
