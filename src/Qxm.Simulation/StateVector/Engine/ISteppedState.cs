namespace Qxm.Simulation.StateVector.Engine;

/// <summary>A state the engine evolves in steps: each <see cref="Apply"/> plans and runs its gates on the state the
/// previous one left, in that one's qubit layout.</summary>
internal interface ISteppedState : IDisposable
{
    /// <summary>Back to |0…0⟩ (nothing is written until the next step's first pass writes it).</summary>
    void Reset();

    void Apply(IReadOnlyList<GateShape> gates, CancellationToken cancellationToken);

    /// <summary>Unnormalised weight of each joint value of <paramref name="qubits"/> (ascending logical qubits; bit j of
    /// the result index is the j-th): the state's norm is their sum.</summary>
    double[] MarginalWeights(IReadOnlyList<int> qubits);
}
