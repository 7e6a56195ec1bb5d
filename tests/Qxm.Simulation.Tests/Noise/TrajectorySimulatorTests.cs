using Qxm.Domain.Errors;
using Qxm.Simulation.DensityMatrix;
using Qxm.Simulation.Noise;
using Qxm.Simulation.StateVector;

namespace Qxm.Simulation.Tests.Noise;

/// <summary>Trajectories against the exact density-matrix result: the differential test of the noisy simulator.</summary>
public class TrajectorySimulatorTests
{
    private static readonly TrajectoryOptions OnePerShot = new() { MaxTrajectories = 10_000_000 };

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Run_RandomCircuitOneTrajectoryPerShot_FitsTheDensityMatrix(int seed)
    {
        var circuit = NoisyCircuits.Random(seed, qubits: 4, gates: 24);
        var noise = NoisyCircuits.Strong(4);

        var outcome = TrajectorySimulator.Run(circuit, noise, 10_000, (ulong)seed, OnePerShot);

        Assert.Equal(10_000, outcome.Counts.Values.Sum());
        GoodnessOfFit.AssertFits(DensityMatrixSimulator.Probabilities(circuit, noise), outcome.Counts);
    }

    [Fact]
    public void Run_FeedForwardAndReset_FitsTheDensityMatrixEnsemble()
    {
        var circuit = NoisyCircuits.FeedForward();
        var noise = NoisyCircuits.Strong(3);

        var outcome = TrajectorySimulator.Run(circuit, noise, 10_000, seed: 21, TrajectoryOptions.Default);

        Assert.Equal(10_000, outcome.Provenance!.Trajectories);
        GoodnessOfFit.AssertFits(DensityMatrixSimulator.Probabilities(circuit, noise), outcome.Counts);
    }

    [Fact]
    public void Run_ShotsBatchedPerTrajectory_StaysCloseToTheDensityMatrix()
    {
        var circuit = NoisyCircuits.Random(5, qubits: 4, gates: 24);
        var noise = NoisyCircuits.Strong(4);

        var outcome = TrajectorySimulator.Run(circuit, noise, 20_000, seed: 8, new TrajectoryOptions { MaxTrajectories = 1000 });

        // 20 shots share each noise realisation, so counts vary more than multinomially; total variation still shrinks
        // as 1/sqrt(trajectories). A wrong channel shifts it by several percent.
        var exact = DensityMatrixSimulator.Probabilities(circuit, noise);
        var distance = exact.Keys.Union(outcome.Counts.Keys)
            .Sum(k => Math.Abs(exact.GetValueOrDefault(k) - (outcome.Counts.GetValueOrDefault(k) / 20_000.0))) / 2;
        Assert.Equal(1000, outcome.Provenance!.Trajectories);
        Assert.True(distance < 0.03, $"total variation {distance:F4}");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Run_SameSeed_SameCountsForOneAndTwoThreads(bool feedForward)
    {
        var circuit = feedForward ? NoisyCircuits.FeedForward() : NoisyCircuits.Random(6, qubits: 5, gates: 20);
        var noise = NoisyCircuits.Strong(5);

        var one = TrajectorySimulator.Run(circuit, noise, 3000, seed: 77, new TrajectoryOptions { Threads = 1, MaxTrajectories = 300 });
        var two = TrajectorySimulator.Run(circuit, noise, 3000, seed: 77, new TrajectoryOptions { Threads = 2, MaxTrajectories = 300 });

        Assert.Equal(one.Counts.OrderBy(c => c.Key, StringComparer.Ordinal), two.Counts.OrderBy(c => c.Key, StringComparer.Ordinal));
        Assert.Equal(1, one.Provenance!.Threads);
        Assert.Equal(2, two.Provenance!.Threads);
    }

    [Fact]
    public void Run_OnTheEngineOneTrajectoryPerShot_FitsTheDensityMatrix()
    {
        var circuit = NoisyCircuits.Random(2, qubits: 4, gates: 24);
        var noise = NoisyCircuits.Strong(4);

        var outcome = TrajectorySimulator.Run(circuit, noise, 3000, seed: 2, OnePerShot with { EngineFromQubits = 1 });

        Assert.Equal(3000, outcome.Counts.Values.Sum());
        Assert.NotEqual("scalar", outcome.Provenance!.Vectors);
        GoodnessOfFit.AssertFits(DensityMatrixSimulator.Probabilities(circuit, noise), outcome.Counts);
    }

    [Theory]
    [InlineData(1, 1000)]
    [InlineData(2, 300)]
    public void Run_OnTheEngine_DrawsWhatTheReferenceKernelsDraw(int threads, int trajectories)
    {
        // The engine folds the same draws into its gates and decides each jump on the same number, so only rounding in the
        // last bits of a probability could tell the two apart.
        var circuit = NoisyCircuits.Random(9, qubits: 5, gates: 30);
        var noise = NoisyCircuits.Strong(5);
        var options = new TrajectoryOptions { Threads = threads, MaxTrajectories = trajectories };

        var reference = TrajectorySimulator.Run(circuit, noise, 3000, seed: 5, options);
        var engine = TrajectorySimulator.Run(circuit, noise, 3000, seed: 5, options with { EngineFromQubits = 1 });

        var differing = reference.Counts.Keys.Union(engine.Counts.Keys)
            .Sum(k => Math.Abs(reference.Counts.GetValueOrDefault(k) - engine.Counts.GetValueOrDefault(k)));
        Assert.True(differing <= 4, $"{differing} shots differ");
    }

    [Fact]
    public void Run_OnTheEngineNoiseAfterPermutations_DrawsWhatTheReferenceKernelsDraw()
    {
        // Noise drawn after x, cx, swap, ccx and an identity waits for the next gate on its qubit: multiplied into a dense
        // gate, added before another permutation, before a possible jump's read and at the end. The draws stay the same.
        var circuit = new CircuitBuilder(4, 4)
            .Gate("h", 0).Gate("ry", [0.7], 1).Gate("cx", 0, 1).Gate("x", 2).Gate("cx", 1, 2).Gate("swap", 2, 3).Gate("id", 0)
            .Gate("ccx", 0, 1, 3).Gate("rx", [1.1], 3).Gate("cx", 3, 0).Gate("x", 1).Gate("rz", [0.4], 0).Gate("h", 2).Gate("cx", 2, 1)
            .MeasureAll().Build();
        var noise = NoisyCircuits.Strong(4);
        var options = new TrajectoryOptions { Threads = 2, MaxTrajectories = 1000 };

        var reference = TrajectorySimulator.Run(circuit, noise, 3000, seed: 11, options);
        var engine = TrajectorySimulator.Run(circuit, noise, 3000, seed: 11, options with { EngineFromQubits = 1 });

        var differing = reference.Counts.Keys.Union(engine.Counts.Keys)
            .Sum(k => Math.Abs(reference.Counts.GetValueOrDefault(k) - engine.Counts.GetValueOrDefault(k)));
        Assert.True(differing <= 4, $"{differing} shots differ");
        GoodnessOfFit.AssertFits(DensityMatrixSimulator.Probabilities(circuit, noise), engine.Counts);
    }

    [Fact]
    public void Run_OnTheEngineShotsBatchedPerTrajectory_StaysCloseToTheDensityMatrixAndSharesEqualDraws()
    {
        var circuit = NoisyCircuits.Random(5, qubits: 4, gates: 24);
        var noise = NoisyCircuits.Strong(4);

        var outcome = TrajectorySimulator.Run(circuit, noise, 20_000, seed: 8, new TrajectoryOptions { MaxTrajectories = 500, EngineFromQubits = 1 });

        var exact = DensityMatrixSimulator.Probabilities(circuit, noise);
        var distance = exact.Keys.Union(outcome.Counts.Keys)
            .Sum(k => Math.Abs(exact.GetValueOrDefault(k) - (outcome.Counts.GetValueOrDefault(k) / 20_000.0))) / 2;
        Assert.True(distance < 0.04, $"total variation {distance:F4}");
    }

    [Theory]
    [InlineData(1, 12, 1000)]
    [InlineData(2, 11, 300)]
    public void Run_OnTheEngineSingleAndDoublePrecision_SameSeedSameDistribution(int threads, int qubits, int trajectories)
    {
        // Single precision moves a probability by about 1e-7 of itself: only a draw that close to a boundary (an
        // outcome's running weight, or a jump's γ·P(1)) can land elsewhere, so nearly every shot is the same.
        var circuit = NoisyCircuits.Random(31, qubits, gates: 60);
        var noise = NoisyCircuits.Strong(qubits);
        var options = new TrajectoryOptions { Threads = threads, MaxTrajectories = trajectories, EngineFromQubits = 1 };

        var single = TrajectorySimulator.Run(circuit, noise, 4000, seed: 17, options with { Precision = SimulationPrecision.Single });
        var @double = TrajectorySimulator.Run(circuit, noise, 4000, seed: 17, options with { Precision = SimulationPrecision.Double });

        Assert.Equal("single", single.Provenance!.Precision);
        Assert.Equal("double", @double.Provenance!.Precision);
        Assert.Equal(4000, single.Counts.Values.Sum());
        var differing = single.Counts.Keys.Union(@double.Counts.Keys)
            .Sum(k => Math.Abs(single.Counts.GetValueOrDefault(k) - @double.Counts.GetValueOrDefault(k)));
        Assert.True(differing <= 8, $"{differing} shots differ");
    }

    [Fact]
    public void Run_OnTheReferenceKernels_RecordsDoublePrecision()
    {
        var circuit = NoisyCircuits.Random(3, qubits: 4, gates: 10);

        var outcome = TrajectorySimulator.Run(circuit, NoisyCircuits.Strong(4), 100, seed: 3, TrajectoryOptions.Default);

        Assert.Equal("scalar", outcome.Provenance!.Vectors);
        Assert.Equal("double", outcome.Provenance!.Precision);
    }

    /// <summary>A loop on a measured bit and bits computed while the shot runs, under strong noise: the trajectories'
    /// distribution fits the density matrix's, which runs the same loop and bit logic on its ensemble.</summary>
    [Fact]
    public void Run_WhileOnMeasuredBitsAndBitLogic_FitsTheDensityMatrixEnsemble()
    {
        const string Source = """
            OPENQASM 3.0;
            include "stdgates.inc";
            qubit[3] q;
            bit[3] c;
            h q[0];
            c[0] = measure q[0];
            while (c[0]) {
              reset q[0];
              h q[0];
              c[0] = measure q[0];
              x q[1];
            }
            h q[2];
            c[2] = measure q[2];
            c[1] = c[2] ^ c[0];
            if (c[1]) { x q[1]; }
            c[1] = measure q[1];
            """;
        var parsed = Qxm.Circuits.Parsing.OpenQasmParser.Parse(Source, "loop.qasm");
        Assert.True(parsed.Succeeded, string.Join("\n", parsed.Diagnostics));
        var noise = NoisyCircuits.Strong(3);

        var outcome = TrajectorySimulator.Run(parsed.Circuit!, noise, 10_000, seed: 13, TrajectoryOptions.Default);

        Assert.Equal(10_000, outcome.Counts.Values.Sum());
        GoodnessOfFit.AssertFits(DensityMatrixSimulator.Probabilities(parsed.Circuit!, noise), outcome.Counts);
    }

    [Fact]
    public void Run_CircuitWiderThanCalibration_RefusedBeforeSimulating()
    {
        var circuit = NoisyCircuits.Random(1, qubits: 5, gates: 5);

        var error = Assert.Throws<QxmException>(() => TrajectorySimulator.Run(circuit, NoisyCircuits.Strong(3), 100, 1, TrajectoryOptions.Default));

        Assert.Equal("the circuit uses 5 qubits but the noise calibration describes only 3", error.Message);
    }
}
