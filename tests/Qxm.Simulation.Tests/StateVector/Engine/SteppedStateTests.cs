using System.Numerics;
using Qxm.Simulation.Sampling;
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

    [Theory]
    [InlineData(12, new[] { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 })]
    [InlineData(12, new[] { 11, 3, 7, 0, 5, 9, 1, 10, 2, 8, 6 })]
    [InlineData(12, new[] { 10, 2, 7 })]
    [InlineData(13, new[] { 12, 11, 10 })]
    public void Sampler_DrawsWhatATableOfTheMarginalDraws(int qubits, int[] measured)
    {
        // A relabelling plan leaves the qubits anywhere; the sampler must still follow the outcome order of the table.
        var circuit = PassPlannerTests.BrickCircuit(qubits, layers: 6, seed: qubits + measured.Length);
        var gates = CircuitCompiler.Compile(circuit).Steps.OfType<GateStep>().Select(g => new GateShape(g.Qubits, g.Matrix)).ToList();
        using var state = StateVectorEngine.Start(qubits, new SimulatorOptions { BlockQubits = 8, Threads = 1 });
        state.Apply(gates, CancellationToken.None);

        var table = new CumulativeDistribution(state.MarginalWeights(measured));
        var sampler = state.Sampler(measured);
        var differing = Enumerable.Range(0, 2000)
            .Count(s => sampler(Xoshiro256StarStar.ForStream(3, (ulong)s)) != table.Sample(Xoshiro256StarStar.ForStream(3, (ulong)s)));

        // Only a draw within rounding of a boundary between two outcomes could go either way.
        Assert.True(differing <= 1, $"{differing} of 2000 draws differ");
    }

    [Fact]
    public void MarginalOfOneQubit_And_CopyFrom_MatchTheGeneralPath()
    {
        var circuit = PassPlannerTests.BrickCircuit(11, layers: 6, seed: 4);
        var gates = CircuitCompiler.Compile(circuit).Steps.OfType<GateStep>().Select(g => new GateShape(g.Qubits, g.Matrix)).ToList();
        var options = new SimulatorOptions { BlockQubits = 7, Threads = 1 };
        using var state = StateVectorEngine.Start(11, options);
        using var copy = StateVectorEngine.Start(11, options);
        state.Apply(gates, CancellationToken.None);
        copy.CopyFrom(state);
        var all = state.MarginalWeights([.. Enumerable.Range(0, 11)]);

        for (var q = 0; q < 11; q++)
        {
            var one = copy.MarginalWeights([q]);
            var expected = Enumerable.Range(0, all.Length).Where(i => ((i >> q) & 1) == 1).Sum(i => all[i]);
            Assert.Equal(expected, one[1], 1e-12);
            Assert.Equal(1 - expected, one[0], 1e-12);
        }
    }
    [Theory]
    [InlineData(11, 7, 1)]
    [InlineData(12, 6, 2)]
    public void CopyFrom_ThenApply_ContinuesTheSourceAndLeavesItAsItWas(int qubits, int block, int threads)
    {
        // The copy is made by the next step's first pass reading the source (contiguous or gathered blocks).
        var circuit = PassPlannerTests.BrickCircuit(qubits, layers: 8, seed: qubits * block);
        var gates = CircuitCompiler.Compile(circuit).Steps.OfType<GateStep>().Select(g => new GateShape(g.Qubits, g.Matrix)).ToList();
        var reference = StateVectorSimulator.ReferenceFinalState(circuit);
        var options = new SimulatorOptions { BlockQubits = block, Threads = threads };
        using var source = StateVectorEngine.Start(qubits, options);
        using var copy = StateVectorEngine.Start(qubits, options);
        source.Apply(gates[..(gates.Count / 2)], CancellationToken.None);
        var before = source.MarginalWeights([.. Enumerable.Range(0, qubits)]);

        copy.Apply(gates[(gates.Count / 2)..], CancellationToken.None);
        copy.CopyFrom(source);
        copy.Apply(gates[(gates.Count / 2)..], CancellationToken.None);

        var weights = copy.MarginalWeights([.. Enumerable.Range(0, qubits)]);
        for (var i = 0; i < reference.Length; i++)
        {
            Assert.Equal(Complex.Abs(reference[i]) * Complex.Abs(reference[i]), weights[i], 1e-10);
        }

        Assert.Equal(before, source.MarginalWeights([.. Enumerable.Range(0, qubits)]));

        // Copied again and read before any step: the reads see the source.
        copy.CopyFrom(source);
        Assert.Equal(before, copy.MarginalWeights([.. Enumerable.Range(0, qubits)]));
    }
}
