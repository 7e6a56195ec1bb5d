using System.Numerics;
using Qxm.Simulation.StateVector;
using Qxm.Simulation.StateVector.Engine;

namespace Qxm.Simulation.Tests.StateVector.Engine;

/// <summary>A state evolved in steps (noise trajectories read probabilities between them) against the reference
/// kernels run in one go: each step continues the previous one's layout, relabelled passes and gathers included.</summary>
public sealed class SteppedStateTests
{
    [Theory]
    [InlineData(12, 6, true, true, 2)]
    [InlineData(12, 5, true, true, 1)]
    [InlineData(11, 6, false, true, 1)]
    [InlineData(11, 6, true, false, 2)]
    public void Apply_InSteps_MatchesReferenceProbabilities(int qubits, int block, bool tiles, bool simd, int threads)
    {
        var circuit = PassPlannerTests.BrickCircuit(qubits, layers: 8, seed: qubits + block);
        var gates = CircuitCompiler.Compile(circuit).Steps.OfType<GateStep>().Select(g => new GateShape(g.Qubits, g.Matrix)).ToList();
        var reference = StateVectorSimulator.ReferenceFinalState(circuit);
        var options = new SimulatorOptions { BlockQubits = block, Tiles = tiles, Simd = simd, Threads = threads };
        using var state = StateVectorEngine.Start(qubits, options);

        // Read a marginal mid-way too, as a trajectory does; it must not disturb the state.
        state.Apply(gates[..(gates.Count / 3)], CancellationToken.None);
        Assert.Equal(1.0, state.MarginalWeights([qubits - 1]).Sum(), 1e-10);
        state.Apply(gates[(gates.Count / 3)..(2 * gates.Count / 3)], CancellationToken.None);
        state.Apply(gates[(2 * gates.Count / 3)..], CancellationToken.None);

        var weights = state.MarginalWeights([.. Enumerable.Range(0, qubits)]);
        for (var i = 0; i < reference.Length; i++)
        {
            Assert.Equal(Complex.Abs(reference[i]) * Complex.Abs(reference[i]), weights[i], 1e-10);
        }

        // Reset starts again from |0…0⟩ on the same memory, whatever it holds.
        state.Reset();
        state.Apply(gates, CancellationToken.None);
        var again = state.MarginalWeights([.. Enumerable.Range(0, qubits)]);
        Assert.Equal(weights, again, (a, b) => Math.Abs(a - b) < 1e-12);
    }
}
