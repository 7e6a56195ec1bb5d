using Qxm.Backends.Contract;
using Qxm.Backends.Vendors;
using Qxm.Circuits.Ir;
using Qxm.Circuits.Parsing;

namespace Qxm.Engine.Tests.Vendors.Braket;

/// <summary>Braket's published prices (per task plus per shot on a QPU, per minute of simulation with a 3-second minimum
/// on the on-demand simulators) and a backend's override, worked by hand, as the adapter declares them to estimates.</summary>
public sealed class BraketPricesTests
{
    private const string Ghz5 = "OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit[5] q;\nbit[5] c;\nh q[0];\ncx q[0], q[1];\ncx q[1], q[2];\ncx q[2], q[3];\ncx q[3], q[4];\nc = measure q;\n";

    [Theory]
    // $0.30 a task + 1,000 shots x $0.03 on IonQ Aria: $30.30.
    [InlineData("arn:aws:braket:us-east-1::device/qpu/ionq/Aria-1", 1, 1000, "30.30")]
    // $0.30 + 1,000 x $0.08 on IonQ Forte: $80.30.
    [InlineData("arn:aws:braket:us-east-1::device/qpu/ionq/Forte-1", 1, 1000, "80.30")]
    // $0.30 + 1,000 x $0.0009 on Rigetti Ankaa-3: $1.20; a 3-point sweep is three tasks, $3.60.
    [InlineData("arn:aws:braket:us-west-1::device/qpu/rigetti/Ankaa-3", 1, 1000, "1.20")]
    [InlineData("arn:aws:braket:us-west-1::device/qpu/rigetti/Ankaa-3", 3, 1000, "3.60")]
    // $0.30 + 1,000 x $0.00145 on IQM Garnet: $1.75.
    [InlineData("arn:aws:braket:eu-north-1::device/qpu/iqm/Garnet", 1, 1000, "1.75")]
    // SV1 at $0.075 a minute, at least 3 s a task: $0.00375 a task, whatever the shots.
    [InlineData("arn:aws:braket:::device/quantum-simulator/amazon/sv1", 1, 1000, "0.00375")]
    [InlineData("arn:aws:braket:::device/quantum-simulator/amazon/sv1", 2, 100000, "0.0075")]
    // TN1 at $0.275 a minute: 3 s minimum = $0.01375.
    [InlineData("arn:aws:braket:::device/quantum-simulator/amazon/tn1", 1, 100, "0.01375")]
    public void Estimate_OnAPublishedDevice_IsAwssFormula(string device, int circuits, int shots, string expected)
    {
        var backend = (IRemoteBackend)Backend(device, null);

        var cost = CostEstimator.Estimate(backend.Prices, [.. Enumerable.Repeat(Parse(Ghz5), circuits)], shots);

        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), cost);
    }

    [Fact]
    public void Estimate_WithAPricingOverride_UsesTheOverride_AndDescribesIt()
    {
        var backend = (IRemoteBackend)Backend("arn:aws:braket:us-east-1::device/qpu/ionq/Aria-1", new PriceModel { PerTask = 0.30m, PerShot = 0.00035m });

        Assert.Equal(0.65m, CostEstimator.Estimate(backend.Prices, [Parse(Ghz5)], 1000));
        Assert.Equal("$0.30 per task, $0.00035 per shot", backend.Prices.Describe());
        Assert.Equal("$0.30 per task, $0.03 per shot", ((IRemoteBackend)Backend("arn:aws:braket:us-east-1::device/qpu/ionq/Aria-1", null)).Prices.Describe());
    }

    private static IBackend Backend(string device, PriceModel? pricing) =>
        VendorBackends.Create(
            new RemoteBackendOptions("braket.priced", RemoteBackendOptions.Braket, device, null, VendorCredential.FromEnvironment("AWS_ACCESS_KEY_ID", _ => null))
            {
                Bucket = "amazon-braket-priced", Pricing = pricing,
            },
            new HttpClient(), TimeProvider.System);

    private static Circuit Parse(string source) =>
        OpenQasmParser.Parse(source, "ghz5.qasm", _ => null).Circuit ?? throw new InvalidOperationException("GHZ-5 did not parse");
}
