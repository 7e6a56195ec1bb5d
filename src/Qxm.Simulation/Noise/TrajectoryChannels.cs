using System.Numerics;
using Qxm.Simulation.Sampling;
using Qxm.Simulation.StateVector.Kernels;

namespace Qxm.Simulation.Noise;

/// <summary>Unravels noise channels on a pure state: each call draws one Kraus branch with its Born probability and
/// leaves the state normalised, so the average over trajectories of |ψ⟩⟨ψ| is the channel's output.</summary>
internal static class TrajectoryChannels
{
    public static void Apply(NoiseChannel channel, Complex[] state, Xoshiro256StarStar rng)
    {
        switch (channel)
        {
            case DepolarizingChannel depolarizing:
                Depolarize(depolarizing, state, rng);
                break;
            case RelaxationChannel relaxation:
                Relax(relaxation, state, rng);
                break;
            default:
                throw new ArgumentException($"unknown channel {channel.GetType().Name}", nameof(channel));
        }
    }

    private static void Depolarize(DepolarizingChannel channel, Complex[] state, Xoshiro256StarStar rng)
    {
        if (rng.NextDouble() >= channel.PauliProbability)
        {
            return;
        }

        // A uniformly drawn non-identity Pauli string: two bits per qubit, 0 = I, 1 = X, 2 = Y, 3 = Z.
        var strings = (1UL << (2 * channel.Qubits.Length)) - 1;
        var pauli = 1 + (int)(rng.NextUInt64() % strings);
        for (var j = 0; j < channel.Qubits.Length; j++)
        {
            ApplyPauli((pauli >> (2 * j)) & 3, channel.Qubits[j], state);
        }
    }

    private static void Relax(RelaxationChannel channel, Complex[] state, Xoshiro256StarStar rng)
    {
        var q = channel.Qubit;
        if (channel.Gamma > 0)
        {
            var one = Projection.ProbabilityOfOne(state, q);
            var decay = channel.Gamma * one;
            if (rng.NextDouble() < decay)
            {
                Projection.Collapse(state, q, outcome: 1, one, moveToZero: true);
            }
            else
            {
                // The no-jump branch K0 = diag(1, √(1-γ)), renormalised by its probability 1 - γ·P(1).
                var keep = 1 / Math.Sqrt(1 - decay);
                var damp = Math.Sqrt(1 - channel.Gamma) * keep;
                ForEachPair(q, state, (ref a0, ref a1) =>
                {
                    a0 *= keep;
                    a1 *= damp;
                });
            }
        }

        if (channel.PhaseFlip > 0 && rng.NextDouble() < channel.PhaseFlip)
        {
            ApplyPauli(3, q, state);
        }
    }

    private static void ApplyPauli(int pauli, int qubit, Complex[] state)
    {
        switch (pauli)
        {
            case 1:
                ForEachPair(qubit, state, static (ref a0, ref a1) => (a0, a1) = (a1, a0));
                break;
            case 2:
                ForEachPair(qubit, state, static (ref a0, ref a1) =>
                    (a0, a1) = (new Complex(a1.Imaginary, -a1.Real), new Complex(-a0.Imaginary, a0.Real)));
                break;
            case 3:
                ForEachPair(qubit, state, static (ref _, ref a1) => a1 = -a1);
                break;
        }
    }

    private static void ForEachPair(int qubit, Complex[] state, PairAction action)
    {
        var indexer = new SubspaceIndexer([qubit], int.Log2(state.Length));
        var bit = 1 << qubit;
        for (int g = 0, i0 = 0; g < indexer.GroupCount; g++, i0 = indexer.Next(i0))
        {
            action(ref state[i0], ref state[i0 | bit]);
        }
    }

    private delegate void PairAction(ref Complex zero, ref Complex one);
}
