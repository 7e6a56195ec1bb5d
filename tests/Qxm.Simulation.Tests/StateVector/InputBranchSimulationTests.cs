using Qxm.Circuits.Binding;
using Qxm.Circuits.Ir;
using Qxm.Circuits.Parsing;
using Qxm.Simulation.StateVector;

namespace Qxm.Simulation.Tests.StateVector;

/// <summary>An <c>if</c> on an input is decided when the circuit is bound: each sweep point runs the branch its value
/// takes, with the counts that branch gives, and the bound circuit keeps no branch for the simulator to decide.</summary>
public class InputBranchSimulationTests
{
    private const string MeasureInBasis = """
        OPENQASM 3.0;
        include "stdgates.inc";
        input int[4] basis;
        input array[float[64], 2] angles;
        qubit q;
        bit result;
        x q;
        if (basis == 0) { h q; }
        else if (basis == 1 || basis > 5) { rx(angles[0] + angles[1]) q; }
        result = measure q;
        """;

    private static Circuit Bound(string source, Dictionary<string, double> values)
    {
        var parsed = OpenQasmParser.Parse(source, "basis.qasm");
        Assert.True(parsed.Succeeded, string.Join("\n", parsed.Diagnostics));
        var bound = CircuitBinder.Bind(parsed.Circuit!, values, "exp.yaml");
        Assert.Empty(bound.Diagnostics);
        return bound.Circuit!;
    }

    private static Dictionary<string, double> Point(double basis) => new() { ["basis"] = basis, ["angles[0]"] = Math.PI / 4, ["angles[1]"] = Math.PI / 4 };

    [Theory]
    [InlineData(0, 0.5)]
    [InlineData(1, 0.5)]
    [InlineData(7, 0.5)]
    [InlineData(2, 1.0)]
    public void Run_IfOnAnIntegerInput_TakesTheBranchOfEachValue(int basis, double ones)
    {
        const int shots = 4000;
        var circuit = Bound(MeasureInBasis, Point(basis));

        Assert.DoesNotContain(OperationTree.Descendants(circuit.Operations), op => op is IfOperation);
        Assert.False(circuit.NeedsPerShotSimulation);
        var counts = StateVectorSimulator.Run(circuit, shots, seed: 3).Counts;
        // x then h, or x then rx(pi/2): one half; x alone: always 1. Four standard deviations of 4,000 shots at 1/2 is 0.032.
        Assert.InRange(counts.GetValueOrDefault("1") / (double)shots, ones - 0.035, ones + 0.035);
    }

    [Fact]
    public void Run_IfMixingAnInputAndAMeasuredBit_StaysDecidedPerShot()
    {
        const int shots = 4000;
        const string source = """
            OPENQASM 3.0;
            include "stdgates.inc";
            input bool flip;
            qubit[2] q;
            bit[2] c;
            h q[0];
            c[0] = measure q[0];
            if (flip && c[0]) { x q[1]; }
            c[1] = measure q[1];
            """;

        var on = StateVectorSimulator.Run(Bound(source, new() { ["flip"] = 1 }), shots, seed: 5).Counts;
        var off = StateVectorSimulator.Run(Bound(source, new() { ["flip"] = 0 }), shots, seed: 5).Counts;

        Assert.Equal(["00", "11"], on.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["00", "01"], off.Keys.Order(StringComparer.Ordinal));
    }
}
