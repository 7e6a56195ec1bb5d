namespace Qxm.Simulation.Noise;

/// <summary>Thermal relaxation of one qubit towards |0⟩ (zero temperature) over a gate's duration: amplitude damping
/// with decay probability <paramref name="Gamma"/> = 1 − e^(−t/T1), then pure dephasing as a Z applied with
/// probability <paramref name="PhaseFlip"/>, chosen so that coherences decay by e^(−t/T2) in all.</summary>
/// <remarks>Amplitude damping is phase covariant, so it commutes with the dephasing and the order does not matter.</remarks>
internal sealed record RelaxationChannel(int Qubit, double Gamma, double PhaseFlip) : NoiseChannel
{
    /// <summary>The factor on the off-diagonal elements ρ01, ρ10: √(1 − γ)(1 − 2p) = e^(−t/T2).</summary>
    public double CoherenceFactor => Math.Sqrt(1 - Gamma) * (1 - (2 * PhaseFlip));
}
