using System.Numerics;
using Qxm.Circuits.Ir;
using Qxm.Circuits.Parsing;
using Qxm.Circuits.Validation;
using Qxm.Simulation.Gates;
using Qxm.Simulation.StateVector;

namespace Qxm.Simulation.Tests.Gates;

/// <summary>Every rewriting a non-native-gate error suggests equals its gate, up to a global phase: the hint is never wrong.</summary>
public sealed class DecompositionTests
{
    public static TheoryData<int> Indices() => [.. Enumerable.Range(0, StandardDecompositions.All.Count)];

    [Theory]
    [MemberData(nameof(Indices))]
    public void Rewriting_EqualsTheGate(int index)
    {
        var rewrite = StandardDecompositions.All[index];
        GateLibrary.TryGet(rewrite.Gate, out var signature);
        var body = rewrite.Body.Replace(" a", " q[0]", StringComparison.Ordinal).Replace(" b", " q[1]", StringComparison.Ordinal);
        var source = $"OPENQASM 3.0;\ninclude \"stdgates.inc\";\ninclude \"ionq.inc\";\nqubit[{signature.Qubits}] q;\n{body}\n";
        var parsed = OpenQasmParser.Parse(source, "rewrite.qasm", _ => null);
        Assert.True(parsed.Circuit is not null, string.Join("\n", parsed.Diagnostics));
        Assert.All(parsed.Circuit.Operations.OfType<GateOperation>(), g => Assert.Contains(g.Name, rewrite.Uses));

        MatrixAssert.EqualUpToGlobalPhase(GateMatrices.Get(rewrite.Gate, []), UnitaryOf(parsed.Circuit, signature.Qubits), $"{rewrite.Gate} = {rewrite.Body}");
    }

    private static Complex[] UnitaryOf(Circuit circuit, int qubits)
    {
        var dimension = 1 << qubits;
        var unitary = new Complex[dimension * dimension];
        for (var column = 0; column < dimension; column++)
        {
            var preparation = Enumerable.Range(0, qubits)
                .Where(q => (column >> q & 1) == 1)
                .Select(q => (Operation)new GateOperation("x", [q], [], SourceSpan.None));
            var state = StateVectorSimulator.FinalState(circuit with { Operations = [.. preparation, .. circuit.Operations] });
            for (var row = 0; row < dimension; row++)
            {
                unitary[row * dimension + column] = state[row];
            }
        }

        return unitary;
    }
}
