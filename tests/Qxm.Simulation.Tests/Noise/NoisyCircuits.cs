using Qxm.Circuits.Ir;
using Qxm.Simulation.Noise;

namespace Qxm.Simulation.Tests.Noise;

/// <summary>Calibrations with noise strong enough that a wrong channel shows in a few thousand shots.</summary>
internal static class NoisyCircuits
{
    /// <summary>Qubits of varied T1, T2 and readout; 1-qubit gates at 2% error and 2 µs, 2-qubit at 6% and 5 µs.</summary>
    public static NoiseModel Strong(int qubits) => NoiseModel.FromCalibration(new NoiseCalibration(
        [.. Enumerable.Range(0, qubits).Select(q => new QubitCalibration(
            T1Seconds: (20 + (7 * q)) * 1e-6,
            T2Seconds: (15 + (9 * q)) * 1e-6,
            ReadOneGivenZero: 0.02 + (0.01 * q),
            ReadZeroGivenOne: 0.05 + (0.005 * q)))],
        [new GateCalibration("rz", null, new GateNoise(0, 0)), new GateCalibration("cx", [1, 0], new GateNoise(0.1, 8e-6))],
        new GateNoise(0.02, 2e-6),
        new GateNoise(0.06, 5e-6)));

    /// <summary>A random circuit with final measurements on all qubits.</summary>
    public static Circuit Random(int seed, int qubits, int gates) =>
        Qxm.Simulation.Tests.StateVector.Engine.RandomCircuits.Create(seed, qubits, gates, measure: true);

    /// <summary>Mid-circuit measurement, feed-forward and reset on three qubits.</summary>
    public static Circuit FeedForward()
    {
        var builder = new CircuitBuilder(3, 3)
            .Gate("h", 0).Gate("cx", 0, 1).Gate("ry", [0.8], 2)
            .Measure(0, 0)
            .If(0, 1, 1, "x", 2)
            .Reset(0)
            .Gate("h", 0).Gate("cx", 1, 2)
            .Measure(0, 1).Measure(2, 2);
        return builder.Build();
    }
}
