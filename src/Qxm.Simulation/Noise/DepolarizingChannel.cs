namespace Qxm.Simulation.Noise;

/// <summary>ρ ↦ (1 − λ)ρ + λ·Tr_Q(ρ) ⊗ I/d on the d = 2^k-dimensional space of <paramref name="Qubits"/>. Equivalently each
/// of the d² Paulis P on them (the identity included) is applied with probability λ/d², which is how a trajectory
/// unravels it: no state-dependent probabilities, no renormalisation.</summary>
internal sealed record DepolarizingChannel(int[] Qubits, double Lambda) : NoiseChannel
{
    /// <summary>The probability that a trajectory applies some non-identity Pauli.</summary>
    public double PauliProbability
    {
        get
        {
            var d2 = Math.Pow(4, Qubits.Length);
            return Lambda * (d2 - 1) / d2;
        }
    }
}
