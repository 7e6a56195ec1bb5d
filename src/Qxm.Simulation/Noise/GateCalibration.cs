namespace Qxm.Simulation.Noise;

/// <summary>The calibrated noise of gate <paramref name="Gate"/> on the operands <paramref name="Qubits"/> in order,
/// or on any operands when <paramref name="Qubits"/> is null.</summary>
public sealed record GateCalibration(string Gate, IReadOnlyList<int>? Qubits, GateNoise Noise);
