namespace Qxm.Simulation.StateVector.Engine;

/// <summary>A state the engine evolves in steps: each <see cref="Apply"/> plans and runs its gates on the state the
/// previous one left, in that one's qubit layout.</summary>
internal interface ISteppedState : IDisposable
{
    /// <summary>Back to |0…0⟩ (nothing is written until the next step's first pass writes it).</summary>
    void Reset();

    /// <summary>An independent copy of this state, its layout and whatever it holds.</summary>
    ISteppedState Clone();

    /// <summary>Makes this state a copy of <paramref name="source"/> (same width and precision), its layout included.
    /// <paramref name="source"/> must not change until this state's next step (it may be read then).</summary>
    void CopyFrom(ISteppedState source);

    void Apply(IReadOnlyList<GateShape> gates, CancellationToken cancellationToken);

    /// <summary>Unnormalised weight of each joint value of <paramref name="qubits"/> (distinct logical qubits in any
    /// order; bit j of the result index is the j-th): the state's norm is their sum.</summary>
    double[] MarginalWeights(IReadOnlyList<int> qubits);

    /// <summary>Draws for a few shots of <paramref name="qubits"/> from the state as it is now: each call of the result
    /// takes one uniform number from its stream and returns the outcome a table of <see cref="MarginalWeights"/> would
    /// give for it (see <see cref="OutcomeSampler{T}"/>). Valid until the state changes.</summary>
    Func<Sampling.Xoshiro256StarStar, int> Sampler(IReadOnlyList<int> qubits);
}
