namespace Qxm.Simulation.Noise;

/// <summary>The numbers a noise model is built from, as a calibration snapshot reports them: per qubit T1, T2 and
/// readout error; per gate an error rate and a duration. Gates the list does not name take the defaults for their
/// arity. Plain numbers, so any snapshot format (a device's, a file's) can be turned into one.</summary>
public sealed record NoiseCalibration(
    IReadOnlyList<QubitCalibration> Qubits,
    IReadOnlyList<GateCalibration> Gates,
    GateNoise OneQubitDefault,
    GateNoise MultiQubitDefault)
{
    /// <summary>Gates that hardware implements as a frame change (virtual Z): no error, no time.</summary>
    private static readonly string[] VirtualGates = ["z", "s", "sdg", "t", "tdg", "rz", "p", "u1", "phase"];

    /// <summary>The built-in snapshot of <c>sim.noisy</c>: <paramref name="qubits"/> identical qubits with figures
    /// typical of current superconducting devices (T1 100 µs, T2 80 µs, 35 ns single-qubit gates at 3e-4 error,
    /// 300 ns two-qubit gates at 8e-3, readout errors 1.5% and 2.5%), virtual Z rotations free.</summary>
    public static NoiseCalibration Default(int qubits)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(qubits);
        var qubit = new QubitCalibration(T1Seconds: 100e-6, T2Seconds: 80e-6, ReadOneGivenZero: 0.015, ReadZeroGivenOne: 0.025);
        return new NoiseCalibration(
            [.. Enumerable.Repeat(qubit, qubits)],
            [.. VirtualGates.Select(g => new GateCalibration(g, null, new GateNoise(0, 0)))],
            new GateNoise(3e-4, 35e-9),
            new GateNoise(8e-3, 300e-9));
    }
}
