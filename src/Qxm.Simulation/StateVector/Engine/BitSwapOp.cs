namespace Qxm.Simulation.StateVector.Engine;

/// <summary>Exchanges buffer bits <see cref="Low"/> and <see cref="High"/> of every amplitude's index: the amplitude at
/// an index whose two bits differ moves to the index with them swapped. The planner ends a pass with these to move
/// qubits the next pass works on into the positions every block holds (the vector lanes and the gather runs), where
/// qubits with nothing to do would otherwise sit; the swap then only relabels qubits, as a swap gate does.</summary>
internal sealed record BitSwapOp(int Low, int High) : PassOp(default(OpCondition));
