namespace Qxm.Simulation.Noise;

/// <summary>What a calibration says about one gate: its error rate (average gate infidelity, 0 to 1) and how long it
/// takes, during which its qubits relax.</summary>
public sealed record GateNoise(double ErrorRate, double DurationSeconds);
