using System.Numerics;

namespace Qxm.Simulation.StateVector.Kernels;

/// <summary>A gate compiled for one set of qubits of an n-qubit state, specialised by the structure of its
/// matrix. Applying it is allocation-free and touches only the amplitudes the matrix changes.</summary>
internal abstract class GateKernel
{
    protected GateKernel(SubspaceIndexer indexer) => Indexer = indexer;

    protected SubspaceIndexer Indexer { get; }

    public int GroupCount => Indexer.GroupCount;

    public void Apply(Span<Complex> state) => Apply(state, 0, GroupCount);

    /// <summary>Applies the gate to groups [<paramref name="firstGroup"/>, firstGroup + <paramref name="groupCount"/>);
    /// distinct ranges touch disjoint amplitudes.</summary>
    public abstract void Apply(Span<Complex> state, int firstGroup, int groupCount);
}
