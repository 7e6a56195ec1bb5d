namespace Qxm.Simulation.Noise;

/// <summary>One qubit's measured properties: relaxation time <paramref name="T1Seconds"/>, coherence time
/// <paramref name="T2Seconds"/> (at most 2·T1; <see cref="double.PositiveInfinity"/> for none), and the readout error
/// as two probabilities: reading 1 after preparing 0, and reading 0 after preparing 1.</summary>
public sealed record QubitCalibration(double T1Seconds, double T2Seconds, double ReadOneGivenZero, double ReadZeroGivenOne);
