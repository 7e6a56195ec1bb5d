using System.Numerics;

namespace Qxm.Simulation.StateVector.Engine;

/// <summary>A final state held by the engine, at either precision and in its own qubit layout.</summary>
internal interface IEvolvedState : IDisposable
{
    PassPlan Plan { get; }

    /// <summary>The amplitudes in logical order (index bit i = qubit i), in double precision.</summary>
    Complex[] ToArray();

    /// <summary>Probability of each joint value of <paramref name="measuredQubits"/> (ascending logical qubits; bit j of
    /// the result index is the j-th).</summary>
    double[] MarginalWeights(IReadOnlyList<int> measuredQubits);

    /// <summary>Shots per basis state (logical index, bit i = qubit i) for draws <paramref name="targets"/>, ascending
    /// in [0, 1): draw u picks the first index whose running probability exceeds u times the norm. One vectorised read
    /// of the state and a second of the blocks that hold draws, split over <paramref name="threads"/>; no table of
    /// probabilities (<see cref="SortedDraws"/>).</summary>
    Dictionary<long, long> CountSortedDraws(double[] targets, int threads);
}
