using Qxm.Circuits.Ir;
using Qxm.Circuits.Parsing;
using Qxm.Simulation.StateVector;

namespace Qxm.Simulation.Tests.StateVector;

/// <summary>Programs written after the example circuits of the OpenQASM 3 specification (teleportation, GHZ, the
/// Fourier transform, iterative phase estimation, repeat-until-success), in our own words: those within the supported
/// subset simulate to the right distribution, the others fail with a specific diagnostic.</summary>
public class OpenQasm3ExampleTests
{
    private const string Header = "OPENQASM 3.0;\ninclude \"stdgates.inc\";\n";

    private static Circuit Parse(string body)
    {
        var result = OpenQasmParser.Parse(Header + body, "example.qasm");
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        return result.Circuit!;
    }

    [Fact]
    public void SpecTeleportation_TeleportedQubitHasTheSourceDistribution()
    {
        var circuit = Parse("""
            qubit q[3];
            bit c0;
            bit c1;
            bit c2;
            gate post a { }
            reset q;
            U(0.3, 0.2, 0.1) q[0];
            h q[1];
            cx q[1], q[2];
            barrier q;
            cx q[0], q[1];
            h q[0];
            c0 = measure q[0];
            c1 = measure q[1];
            if (c0 == 1) z q[2];
            if (c1 == 1) { x q[2]; }
            post q[2];
            c2 = measure q[2];
            """);

        var counts = StateVectorSimulator.Run(circuit, 20_000, seed: 7).Counts;

        var ones = counts.Where(p => p.Key[0] == '1').Sum(p => p.Value) / 20_000.0;
        Assert.Equal(Math.Pow(Math.Sin(0.15), 2), ones, 0.006);
        Assert.Equal(4, counts.Keys.Select(k => k[1..]).Distinct().Count());
    }

    [Fact]
    public void SpecGhzWithLoop_GivesAllZerosOrAllOnes()
    {
        var circuit = Parse("""
            const int n = 4;
            qubit[n] q;
            bit[n] c;
            h q[0];
            for int i in [0:n - 2] { cx q[i], q[i + 1]; }
            c = measure q;
            """);

        var probabilities = StateVectorSimulator.Probabilities(circuit);

        Assert.Equal(2, probabilities.Count);
        Assert.Equal(0.5, probabilities["0000"], 12);
        Assert.Equal(0.5, probabilities["1111"], 12);
    }

    [Fact]
    public void SpecFourierTransform_FollowedByItsInverse_IsIdentity()
    {
        var circuit = Parse("""
            qubit[3] q;
            bit[3] c;
            def qft(qubit[3] r) {
                for int j in [2:-1:0] {
                    h r[j];
                    for int k in [j - 1:-1:0] { ctrl @ p(pi / 2 ** (j - k)) r[k], r[j]; }
                }
            }
            def iqft(qubit[3] r) {
                for int j in [0:2] {
                    for int k in [0:j - 1] { inv @ ctrl @ p(pi / 2 ** (j - k)) r[k], r[j]; }
                    h r[j];
                }
            }
            x q[0];
            x q[2];
            qft(q);
            iqft(q);
            c = measure q;
            """);

        var probabilities = StateVectorSimulator.Probabilities(circuit);

        Assert.Equal(1, probabilities["101"], 10);
    }

    [Fact]
    public void SpecFourierTransform_OfBasisStateOne_IsUniform()
    {
        var circuit = Parse("""
            qubit[2] q;
            bit[2] c;
            x q[0];
            h q[1];
            ctrl @ p(pi / 2) q[0], q[1];
            h q[0];
            c = measure q;
            """);

        Assert.All(StateVectorSimulator.Probabilities(circuit).Values, p => Assert.Equal(0.25, p, 12));
    }

    [Fact]
    public void SpecConditionalReset_ResetsThroughFeedForward()
    {
        var circuit = Parse("""
            qubit q;
            bit c;
            bit d;
            h q;
            c = measure q;
            if (c) { x q; }
            d = measure q;
            """);

        var counts = StateVectorSimulator.Run(circuit, 2_000, seed: 3).Counts;

        Assert.All(counts.Keys, k => Assert.Equal('0', k[0]));
    }

    [Fact]
    public void SpecIterativePhaseEstimation_ReportsRuntimeArithmeticAsUnsupported()
    {
        var result = OpenQasmParser.Parse(Header + """
            qubit[2] q;
            bit[2] c;
            h q[0];
            c[0] = measure q[0];
            reset q[0];
            h q[0];
            rz(-pi / 2 * c[0]) q[0];
            """, "ipe.qasm");

        var d = Assert.Single(result.Diagnostics);
        Assert.Equal(("qasm.unsupported", 9, 12, "operator '*' on float and measured bits is not supported"), (d.Rule, d.Line, d.Column, d.Message));
    }

    [Fact]
    public void SpecRepeatUntilSuccess_LoopsPerShotUntilTheFlagsClear()
    {
        var result = OpenQasmParser.Parse(Header + """
            qubit[2] q;
            bit[2] flags;
            flags = measure q;
            while (flags != 0) { reset q; h q; flags = measure q; }
            """, "rus.qasm");

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        Assert.Equal("00", Assert.Single(StateVectorSimulator.Run(result.Circuit!, 500, 3).Counts.Keys));
    }
}
