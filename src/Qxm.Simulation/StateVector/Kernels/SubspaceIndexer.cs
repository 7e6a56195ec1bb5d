namespace Qxm.Simulation.StateVector.Kernels;

/// <summary>Enumerates the 2^(n-k) groups of amplitudes a k-qubit gate mixes: group g's base index is g with
/// zero bits inserted at the gate's qubit positions, and the group's members are base + offset(sub-index).
/// Kernels take group ranges so a later parallel driver can split the work without knowing the gate.</summary>
internal readonly struct SubspaceIndexer
{
    private readonly int[] _sortedQubits;
    private readonly int _mask;

    public SubspaceIndexer(ReadOnlySpan<int> qubits, int stateQubits)
    {
        _sortedQubits = qubits.ToArray();
        Array.Sort(_sortedQubits);
        GroupCount = 1 << (stateQubits - qubits.Length);
        foreach (var q in _sortedQubits)
        {
            _mask |= 1 << q;
        }
    }

    public int GroupCount { get; }

    /// <summary>The base of the group after the one at <paramref name="groupBase"/>: setting the gate's bits lets the
    /// increment carry across them, and clearing them again restores the zeros. O(1) instead of <see cref="Base"/>'s O(k).</summary>
    public int Next(int groupBase) => ((groupBase | _mask) + 1) & ~_mask;

    public int Base(int group)
    {
        foreach (var q in _sortedQubits)
        {
            var low = (1 << q) - 1;
            group = (group & low) | ((group & ~low) << 1);
        }

        return group;
    }

    /// <summary>The offset from a group's base of sub-index <paramref name="sub"/>, whose bit j is operand j's value.</summary>
    public static int Offset(int sub, ReadOnlySpan<int> qubits)
    {
        var offset = 0;
        for (var j = 0; j < qubits.Length; j++)
        {
            offset |= ((sub >> j) & 1) << qubits[j];
        }

        return offset;
    }
}
