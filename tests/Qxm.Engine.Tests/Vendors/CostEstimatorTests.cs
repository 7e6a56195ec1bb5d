using Qxm.Backends.Vendors;
using Qxm.Backends.Vendors.IonQ;
using Qxm.Circuits.Ir;
using Qxm.Circuits.Parsing;

namespace Qxm.Engine.Tests.Vendors;

/// <summary>Estimates against the vendors' published formulas, worked by hand.</summary>
public sealed class CostEstimatorTests
{
    private const string Ghz5 = "OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit[5] q;\nbit[5] c;\nh q[0];\ncx q[0], q[1];\ncx q[1], q[2];\ncx q[2], q[3];\ncx q[3], q[4];\nc = measure q;\n";

    [Fact]
    public void IonQAria_SmallCircuit_CostsTheMinimumPerJob()
    {
        // GHZ-5, 1,000 shots: 1 x 1,000 x $0.000220 + 4 x 1,000 x $0.000975 = $4.12, under the $12.42 minimum.
        var cost = CostEstimator.Estimate(IonQDevices.Prices("qpu.aria-1"), [Parse(Ghz5)], 1000);

        Assert.Equal(12.42m, cost);
    }

    [Fact]
    public void IonQAria_LargerCircuit_IsPricedPerGateShot()
    {
        // 100 single-qubit and 50 two-qubit gates, 1,000 shots: 100 x 1,000 x $0.000220 = $22.00 plus
        // 50 x 1,000 x $0.000975 = $48.75: $70.75.
        var body = string.Concat(Enumerable.Repeat("h q[0];\n", 100)) + string.Concat(Enumerable.Repeat("cx q[0], q[1];\n", 50));
        var circuit = Parse($"OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit[2] q;\nbit[2] c;\n{body}c = measure q;\n");

        Assert.Equal(70.75m, CostEstimator.Estimate(IonQDevices.Prices("qpu.aria-1"), [circuit], 1000));
        Assert.Equal(0m, CostEstimator.Estimate(IonQDevices.Prices("simulator"), [circuit], 1000));
    }

    [Fact]
    public void IbmPayAsYouGo_PricesTheAssumedQuantumSeconds_PerCircuit()
    {
        // $1.60 a second (IBM's $96 a minute) x (2 s a PUB + 4,000 shots x 250 us = 3 s) = $4.80 a circuit; two PUBs $9.60.
        var circuit = Parse(Ghz5);

        Assert.Equal(4.80m, CostEstimator.Estimate(Qxm.Backends.Vendors.Ibm.IbmDevices.Prices, [circuit], 4000));
        Assert.Equal(9.60m, CostEstimator.Estimate(Qxm.Backends.Vendors.Ibm.IbmDevices.Prices, [circuit, circuit], 4000));
        Assert.Equal(16.00m, Qxm.Backends.Vendors.Ibm.IbmDevices.Prices.Estimate(4000, 1, 4, seconds: 10));
    }

    [Fact]
    public void PerTaskAndShot_TheIssuesOverride_ChargesEachCircuitAsATask()
    {
        // $0.30 per task + 1,000 x $0.00035 per shot = $0.65 a circuit; a sweep of three circuits is three tasks.
        var prices = new PriceModel { PerTask = 0.30m, PerShot = 0.00035m };
        var circuit = Parse(Ghz5);

        Assert.Equal(1.95m, CostEstimator.Estimate(prices, [circuit, circuit, circuit], 1000));
        Assert.Equal("$0.30 per task, $0.00035 per shot", prices.Describe());
    }

    [Fact]
    public void GateCounts_AToffoli_CountsAsSixTwoQubitGates_AndIdentitiesAndBarriersAsNothing()
    {
        var circuit = Parse("OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit[3] q;\nid q[0];\nbarrier q;\nx q[0];\nccx q[0], q[1], q[2];\n");

        Assert.Equal((1, 6), CostEstimator.GateCounts(circuit));
    }

    private static Circuit Parse(string source)
    {
        var parsed = OpenQasmParser.Parse(source, "cost.qasm", _ => null);
        return parsed.Circuit ?? throw new InvalidOperationException(string.Join("; ", parsed.Diagnostics));
    }
}
