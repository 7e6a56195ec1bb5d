using System.Numerics;
using Qxm.Circuits.Ir;
using Qxm.Circuits.Parsing;
using Qxm.Simulation.Gates;
using Qxm.Simulation.StateVector;

namespace Qxm.Simulation.Tests.Gates;

/// <summary>Every native gate matrix of the simulator equals, up to a global phase, the unitary of its definition in
/// qelib1.inc / stdgates.inc inlined down to U and CX: the simulator means what the standard library says.</summary>
public sealed class LibraryDefinitionTests
{
    public static TheoryData<string> LibraryGates() => [.. GateLibrary.Gates.Select(g => g.Name)];

    [Theory]
    [MemberData(nameof(LibraryGates))]
    public void Matrix_EqualsUnitaryOfStandardDefinition(string name)
    {
        GateLibrary.TryGet(name, out var signature);
        var random = new Random(name.Length * 7919 + name[0]);
        for (var trial = 0; trial < 3; trial++)
        {
            var parameters = Enumerable.Range(0, signature.Parameters).Select(_ => (random.NextDouble() - 0.5) * 4 * Math.PI).ToArray();
            var definition = StandardGateDefinitions.Expand(name, parameters);
            Assert.All(definition.Operations.OfType<GateOperation>(), op => Assert.Contains(op.Name, (string[])["U", "CX"]));

            var expected = GateMatrices.Get(name, parameters);
            var actual = UnitaryOf(definition, signature.Qubits);

            MatrixAssert.EqualUpToGlobalPhase(expected, actual, $"{name}({string.Join(", ", parameters)})");
        }
    }

    /// <summary>Column j is the final state of the definition applied to basis state |j⟩.</summary>
    private static Complex[] UnitaryOf(Circuit definition, int qubits)
    {
        var dimension = 1 << qubits;
        var unitary = new Complex[dimension * dimension];
        for (var column = 0; column < dimension; column++)
        {
            var preparation = Enumerable.Range(0, qubits)
                .Where(q => (column >> q & 1) == 1)
                .Select(q => (Operation)new GateOperation("x", [q], [], SourceSpan.None));
            var circuit = definition with { Operations = [.. preparation, .. definition.Operations] };
            var state = StateVectorSimulator.FinalState(circuit);
            for (var row = 0; row < dimension; row++)
            {
                unitary[row * dimension + column] = state[row];
            }
        }

        return unitary;
    }
}
