using System.Globalization;
using System.Numerics;
using System.Text;
using Qxm.Backends.Vendors.Azure;
using Qxm.Circuits.Binding;
using Qxm.Circuits.Ir;
using Qxm.Circuits.Parsing;
using Qxm.Simulation.StateVector;
using Qxm.Tests.Shared;

namespace Qxm.Engine.Tests.Vendors.Azure;

/// <summary>The OpenQASM 2 that Quantinuum's targets are sent, read back by qxm's own parser: every circuit of the
/// repository's corpus and seeded random circuits over every gate the writer takes give the same final state up to a
/// global phase (the one freedom the writer uses, for √X as Rx(π/2)), and the same measurements.</summary>
public sealed class QuantinuumQasmWriterTests
{
    /// <summary>Up to this width the final states are compared; wider circuits are compared gate by gate (their gates'
    /// states are what the random circuits check).</summary>
    private const int MaxQubits = 12;

    public static TheoryData<string> RepositoryCircuits() => [.. RepositoryFiles.Circuits()];

    [Theory]
    [MemberData(nameof(RepositoryCircuits))]
    public void Write_RepositoryCircuit_ReadsBackToTheSameState(string path)
    {
        var source = File.ReadAllText(RepositoryFiles.Path(path));
        var circuit = OpenQasmParser.Parse(source, path).Circuit!;
        // Inputs get values, as a sweep point binds them before a job is written.
        var values = circuit.Inputs.Select((name, i) => (name, 0.37 + (0.51 * i))).ToDictionary(p => p.name, p => p.Item2, StringComparer.Ordinal);
        var bound = CircuitBinder.Bind(circuit, values, path).Circuit!;

        AssertSameCircuit(bound, QuantinuumQasmWriter.Write(bound));
    }

    [Fact]
    public void Write_RandomCircuitsOverEveryGate_ReadBackToTheSameState()
    {
        var random = new Random(20261207);
        var gates = QuantinuumQasmWriter.Gates;
        for (var trial = 0; trial < 200; trial++)
        {
            const int Qubits = 4;
            var source = new StringBuilder("OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[4];\ncreg c[4];\n");
            for (var g = 0; g < 24; g++)
            {
                var (name, arity) = gates[random.Next(gates.Count)];
                source.Append(Qasm2Call(name, arity, Qubits, random));
            }

            source.Append("measure q -> c;\n");
            var circuit = OpenQasmParser.Parse(source.ToString(), "random.qasm");
            Assert.True(circuit.Circuit is not null, $"trial {trial}: {string.Join("; ", circuit.Diagnostics)}\n{source}");

            AssertSameCircuit(circuit.Circuit!, QuantinuumQasmWriter.Write(circuit.Circuit!));
        }
    }

    /// <summary>One call of the gate as OpenQASM 2 writes it; the OpenQASM 3 names qelib1.inc lacks (p, phase, cp, cphase,
    /// u) are written as their qelib1.inc equals.</summary>
    private static string Qasm2Call(string name, int arity, int qubits, Random random)
    {
        name = name switch { "p" or "phase" => "u1", "cp" or "cphase" => "cu1", "u" => "u3", _ => name };
        var operands = Enumerable.Range(0, qubits).OrderBy(_ => random.Next()).Take(arity).Select(q => $"q[{q}]");
        var parameters = name switch
        {
            "rx" or "ry" or "rz" or "p" or "phase" or "u1" or "crz" or "cp" or "cphase" or "cu1" or "rzz" or "rxx" => 1,
            "u2" => 2,
            "u3" or "u" or "U" => 3,
            _ => 0,
        };
        var angles = parameters == 0 ? "" : "(" + string.Join(",", Enumerable.Range(0, parameters).Select(_ =>
            (random.NextDouble() * 4 * Math.PI - (2 * Math.PI)).ToString("R", CultureInfo.InvariantCulture))) + ")";
        return $"{name}{angles} {string.Join(",", operands)};\n";
    }

    private static void AssertSameCircuit(Circuit original, string written)
    {
        var parsed = OpenQasmParser.Parse(written, "quantinuum.qasm");
        Assert.True(parsed.Circuit is not null, string.Join("; ", parsed.Diagnostics) + "\n" + written);
        var back = parsed.Circuit!;

        Assert.Equal(Math.Max(1, original.QubitCount), back.QubitCount);
        Assert.Equal(original.ClbitCount, back.ClbitCount);
        Assert.Equal(Measurements(original), Measurements(back));
        if (original.QubitCount > MaxQubits)
        {
            var gates = original.Operations.OfType<GateOperation>().Where(g => g.Name != "id").Select(g => string.Join(",", g.Qubits)).ToList();
            var read = back.Operations.OfType<GateOperation>().Select(g => string.Join(",", g.Qubits)).ToList();
            Assert.Equal(gates, read);
            return;
        }

        AssertSameStateUpToPhase(StateVectorSimulator.FinalState(Unitary(original)), StateVectorSimulator.FinalState(Unitary(back)), written);
    }

    private static List<(int Qubit, int Clbit)> Measurements(Circuit circuit) =>
        [.. circuit.Operations.OfType<MeasureOperation>().Select(m => (m.Qubit, m.Clbit))];

    /// <summary>The circuit's gates alone: the final state before its measurements.</summary>
    private static Circuit Unitary(Circuit circuit) => circuit with { Operations = [.. circuit.Operations.Where(o => o is GateOperation)] };

    private static void AssertSameStateUpToPhase(Complex[] expected, Complex[] actual, string written)
    {
        Assert.Equal(expected.Length, actual.Length);
        var pivot = Enumerable.Range(0, expected.Length).MaxBy(i => expected[i].Magnitude);
        var phase = actual[pivot] / expected[pivot];
        Assert.True(Math.Abs(phase.Magnitude - 1) < 1e-9, $"amplitude {pivot}: {expected[pivot]} against {actual[pivot]}\n{written}");
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True((expected[i] * phase - actual[i]).Magnitude < 1e-9, $"amplitude {i}: {expected[i] * phase} against {actual[i]}\n{written}");
        }
    }
}
