using Qxm.Domain.Errors;
using Qxm.Simulation.DensityMatrix;
using Qxm.Simulation.Noise;
using Qxm.Simulation.StateVector;
using Qxm.Simulation.Tests.Noise;

namespace Qxm.Simulation.Tests.DensityMatrix;

public class DensityMatrixSimulatorTests
{
    private static readonly QubitCalibration Perfect = new(double.PositiveInfinity, double.PositiveInfinity, 0, 0);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Probabilities_WithoutNoise_MatchTheStateVector(int seed)
    {
        var circuit = NoisyCircuits.Random(seed, qubits: 5, gates: 40);

        AssertClose(StateVectorSimulator.Probabilities(circuit), DensityMatrixSimulator.Probabilities(circuit), 1e-10);
    }

    [Fact]
    public void Probabilities_FeedForwardWithoutNoise_FitStateVectorShots()
    {
        var circuit = NoisyCircuits.FeedForward();

        var exact = DensityMatrixSimulator.Probabilities(circuit);

        Assert.Equal(1, exact.Values.Sum(), 12);
        GoodnessOfFit.AssertFits(exact, StateVectorSimulator.Run(circuit, 8000, seed: 5).Counts);
    }

    [Fact]
    public void Probabilities_IdleExcitedQubit_DecaysByExpMinusTOverT1()
    {
        var noise = Model(new QubitCalibration(10e-6, 15e-6, 0, 0), new GateCalibration("id", null, new GateNoise(0, 5e-6)));
        var circuit = new CircuitBuilder(1, 1).Gate("x", 0).Gate("id", 0).Measure(0, 0).Build();

        var p = DensityMatrixSimulator.Probabilities(circuit, noise);

        Assert.Equal(Math.Exp(-0.5), p["1"], 12);
    }

    [Fact]
    public void Probabilities_RamseySequence_LosesContrastByExpMinusTOverT2()
    {
        var noise = Model(new QubitCalibration(10e-6, 12e-6, 0, 0), new GateCalibration("id", null, new GateNoise(0, 5e-6)));
        var circuit = new CircuitBuilder(1, 1).Gate("h", 0).Gate("id", 0).Gate("h", 0).Measure(0, 0).Build();

        var p = DensityMatrixSimulator.Probabilities(circuit, noise);

        Assert.Equal((1 + Math.Exp(-5.0 / 12)) / 2, p["0"], 12);
    }

    [Theory]
    [InlineData("x", 0.03)]
    [InlineData("cx", 0.07)]
    public void Probabilities_DepolarizedGateOnBasisState_LeavesItWithTheGateErrorRate(string gate, double error)
    {
        // The preparing x on qubit 1 is calibrated perfect, so only the gate under test errs.
        var noise = NoiseModel.FromCalibration(new NoiseCalibration(
            [Perfect, Perfect], [new GateCalibration("x", [1], new GateNoise(0, 0))], new GateNoise(error, 0), new GateNoise(error, 0)));
        int[] operands = gate == "x" ? [0] : [1, 0];
        var circuit = new CircuitBuilder(2, 2).Gate("x", 1).Gate(gate, operands).MeasureAll().Build();
        var ideal = StateVectorSimulator.Probabilities(circuit).Single().Key;

        var p = DensityMatrixSimulator.Probabilities(circuit, noise);

        // Average infidelity e of a depolarizing channel on a basis state is exactly the chance of leaving it.
        Assert.Equal(1 - error, p[ideal], 12);
    }

    [Fact]
    public void Probabilities_Readout_FlipsEachQubitByItsOwnErrors()
    {
        var noise = NoiseModel.FromCalibration(new NoiseCalibration(
            [new QubitCalibration(double.PositiveInfinity, double.PositiveInfinity, 0.1, 0.2), new QubitCalibration(double.PositiveInfinity, double.PositiveInfinity, 0.03, 0.04)],
            [], new GateNoise(0, 0), new GateNoise(0, 0)));
        var circuit = new CircuitBuilder(2, 2).Gate("x", 1).MeasureAll().Build();

        var p = DensityMatrixSimulator.Probabilities(circuit, noise);

        Assert.Equal(0.9 * 0.96, p["10"], 12);
        Assert.Equal(0.1 * 0.96, p["11"], 12);
        Assert.Equal(0.9 * 0.04, p["00"], 12);
        Assert.Equal(0.1 * 0.04, p["01"], 12);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Probabilities_StrongNoise_FormADistribution(bool feedForward)
    {
        var circuit = feedForward ? NoisyCircuits.FeedForward() : NoisyCircuits.Random(7, qubits: 4, gates: 30);

        var p = DensityMatrixSimulator.Probabilities(circuit, NoisyCircuits.Strong(4));

        Assert.Equal(1, p.Values.Sum(), 12);
        Assert.All(p.Values, v => Assert.InRange(v, 0, 1));
    }

    [Fact]
    public void Probabilities_TwoThreads_EqualOneThread()
    {
        var circuit = NoisyCircuits.Random(11, qubits: 8, gates: 16);
        var noise = NoisyCircuits.Strong(8);

        AssertClose(DensityMatrixSimulator.Probabilities(circuit, noise, threads: 1), DensityMatrixSimulator.Probabilities(circuit, noise, threads: 2), 0);
    }

    [Fact]
    public void Run_SameSeed_SameCountsWhateverTheThreads()
    {
        var circuit = NoisyCircuits.Random(3, qubits: 8, gates: 12);
        var noise = NoisyCircuits.Strong(8);

        var one = DensityMatrixSimulator.Run(circuit, 3000, seed: 9, noise, threads: 1);
        var two = DensityMatrixSimulator.Run(circuit, 3000, seed: 9, noise, threads: 2);

        Assert.Equal(one.Counts.OrderBy(c => c.Key, StringComparer.Ordinal), two.Counts.OrderBy(c => c.Key, StringComparer.Ordinal));
        Assert.Equal(3000, one.Counts.Values.Sum());
        Assert.Equal("density-matrix", one.Provenance!.Method);
        Assert.Equal(2, two.Provenance!.Threads);
        Assert.Equal(noise.Fingerprint, one.Provenance.CalibrationFingerprint);
    }

    [Fact]
    public void Probabilities_TooManyQubits_RefusedWithTheNumbers()
    {
        var circuit = new CircuitBuilder(13, 1).Gate("h", 0).Measure(0, 0).Build();

        var error = Assert.Throws<QxmException>(() => DensityMatrixSimulator.Probabilities(circuit));

        Assert.Contains("13-qubit density matrix needs 1.0 GiB", error.Message, StringComparison.Ordinal);
        Assert.Contains("at most 12 qubits", error.Message, StringComparison.Ordinal);
    }

    private static NoiseModel Model(QubitCalibration qubit, GateCalibration gate) =>
        NoiseModel.FromCalibration(new NoiseCalibration([qubit], [gate], new GateNoise(0, 0), new GateNoise(0, 0)));

    private static void AssertClose(IReadOnlyDictionary<string, double> expected, IReadOnlyDictionary<string, double> actual, double tolerance)
    {
        foreach (var key in expected.Keys.Union(actual.Keys))
        {
            Assert.True(
                Math.Abs(expected.GetValueOrDefault(key) - actual.GetValueOrDefault(key)) <= tolerance,
                $"{key}: {expected.GetValueOrDefault(key)} vs {actual.GetValueOrDefault(key)}");
        }
    }
}
