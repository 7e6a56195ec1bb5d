namespace Qxm.Simulation.StateVector.Engine;

/// <summary>A state the engine evolves in steps: each <see cref="Apply"/> plans and runs its gates on the state the
/// previous one left, in that one's qubit layout.</summary>
internal interface ISteppedState : IDisposable
{
    /// <summary>Back to |0…0⟩ (nothing is written until the next step's first pass writes it).</summary>
    void Reset();

    /// <summary>An independent copy of this state, its layout and whatever it holds.</summary>
    ISteppedState Clone();

    void Apply(IReadOnlyList<GateShape> gates, CancellationToken cancellationToken);

    /// <summary>Unnormalised weight of each joint value of <paramref name="qubits"/> (distinct logical qubits in any
    /// order; bit j of the result index is the j-th): the state's norm is their sum.</summary>
    double[] MarginalWeights(IReadOnlyList<int> qubits);
}
