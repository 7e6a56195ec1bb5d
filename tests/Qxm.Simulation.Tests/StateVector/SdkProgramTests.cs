using Qxm.Circuits.Ir;
using Qxm.Circuits.Parsing;
using Qxm.Simulation.StateVector;

namespace Qxm.Simulation.Tests.StateVector;

/// <summary>OpenQASM 3 as Qiskit and Amazon Braket write it, simulated to the distributions the programs mean.</summary>
public class SdkProgramTests
{
    private static Circuit Parse(string source)
    {
        var result = OpenQasmParser.Parse(source, "sdk.qasm");
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        return result.Circuit!;
    }

    private static void AssertBell(Circuit circuit)
    {
        var probabilities = StateVectorSimulator.Probabilities(circuit);

        Assert.Equal(2, probabilities.Count);
        Assert.Equal(0.5, probabilities["00"], 12);
        Assert.Equal(0.5, probabilities["11"], 12);
    }

    [Fact]
    public void QiskitTranspiledBell_OnPhysicalQubits_IsABellPair() => AssertBell(Parse("""
        OPENQASM 3.0;
        include "stdgates.inc";
        bit[2] c;
        rz(pi/2) $0;
        sx $0;
        rz(pi/2) $0;
        cx $0, $1;
        c[0] = measure $0;
        c[1] = measure $1;
        """));

    [Fact]
    public void QiskitUntranspiledBell_IsABellPair() => AssertBell(Parse("""
        OPENQASM 3.0;
        include "stdgates.inc";
        bit[2] c;
        qubit[2] q;
        h q[0];
        cx q[0], q[1];
        c[0] = measure q[0];
        c[1] = measure q[1];
        """));

    [Fact]
    public void BraketBell_WithoutIncludes_IsABellPair() => AssertBell(Parse("""
        OPENQASM 3.0;
        bit[2] b;
        qubit[2] q;
        h q[0];
        cnot q[0], q[1];
        b[0] = measure q[0];
        b[1] = measure q[1];
        """));

    [Fact]
    public void BraketGates_WithoutIncludes_GiveTheirDistributions()
    {
        // iswap moves |10> to i|01>; xx(pi) flips both qubits; cphaseshift only changes phases.
        var circuit = Parse("""
            OPENQASM 3.0;
            bit[3] b;
            qubit[3] q;
            x q[0];
            iswap q[0], q[1];
            xx(pi) q[2], q[0];
            cphaseshift(0.3) q[1], q[2];
            b = measure q;
            """);

        var probabilities = StateVectorSimulator.Probabilities(circuit);

        Assert.Equal(1, probabilities[Assert.Single(probabilities.Keys)], 10);
        Assert.Equal("111", Assert.Single(probabilities.Keys));
    }

    [Fact]
    public void BraketVerbatimBox_OnPhysicalQubits_SimulatesItsContents()
    {
        // rx(pi/2) on both qubits around a cz: an entangled state whose outcomes are all equally likely.
        var circuit = Parse("""
            OPENQASM 3.0;
            bit[2] b;
            #pragma braket verbatim
            box {
              rx(pi/2) $0;
              rx(pi/2) $1;
              cz $0, $1;
              rx(pi/2) $1;
            }
            b[0] = measure $0;
            b[1] = measure $1;
            """);

        var probabilities = StateVectorSimulator.Probabilities(circuit);

        // After rx(pi/2) on $1, cz and rx(pi/2) again: $1 reads 1 exactly when $0 reads 0.
        Assert.Equal(0.5, probabilities["10"], 12);
        Assert.Equal(0.5, probabilities["01"], 12);
    }

    [Fact]
    public void QiskitSwitchOnMeasuredBits_RunsTheCaseTheShotMeasured()
    {
        var circuit = Parse("""
            OPENQASM 3.0;
            include "stdgates.inc";
            bit[2] c;
            bit[1] r;
            qubit[3] q;
            h q[0];
            c[0] = measure q[0];
            c[1] = measure q[1];
            switch (c) {
              case 0 {
              }
              case 1, 3 {
                x q[2];
              }
              default {
                h q[2];
              }
            }
            r[0] = measure q[2];
            """);

        var counts = StateVectorSimulator.Run(circuit, 2000, seed: 5).Counts;

        // r copies c[0]: c is 0 (nothing runs) or 1 (x); the default (c = 2) never runs.
        Assert.Equal(["000", "101"], counts.Keys.Order(StringComparer.Ordinal));
        Assert.InRange(counts["101"] / 2000.0, 0.43, 0.57);
    }
}
