namespace Qxm.Simulation.StateVector.Engine;

/// <summary>A circuit's gates scheduled into passes for a state of <see cref="Qubits"/> qubits.</summary>
/// <param name="FinalPhysical">Physical position of each logical qubit after the last pass: swaps are done by relabelling.</param>
internal sealed record PassPlan(int Qubits, int BlockQubits, IReadOnlyList<Pass> Passes, int[] FinalPhysical, int Gates)
{
    /// <summary>The first pass starts from |0…0⟩ and writes it itself; false when the plan continues a state.</summary>
    public bool FromZero { get; init; } = true;
}
