namespace Qxm.Simulation.StateVector.Engine;

/// <summary>One sweep over the state: for each assignment of the <see cref="OuterQubits"/> (a block), the amplitudes
/// of the <see cref="BlockQubits"/> are brought into a cache-sized buffer, all <see cref="Ops"/> run on it, and it is
/// written back. Buffer bit b is physical qubit BlockQubits[b].</summary>
/// <param name="RunBits">The lowest RunBits physical qubits are block qubits, so gathers copy runs of 2^RunBits amplitudes.</param>
/// <param name="Gates">Circuit gates this pass applies, for statistics.</param>
/// <param name="ZeroQubits">Physical qubits still |0⟩ when the pass starts (no gate has mixed them yet): a block whose
/// base has one of them set holds only zeros, before the pass and after it.</param>
internal sealed record Pass(int[] BlockQubits, int[] OuterQubits, PassOp[] Ops, int RunBits, int Gates, long ZeroQubits = 0)
{
    /// <summary>Blocks are contiguous ranges of the state (the block qubits are the lowest ones): no gather needed.</summary>
    public bool Contiguous => BlockQubits[^1] == BlockQubits.Length - 1;

    public long BlockCount => 1L << OuterQubits.Length;

    /// <summary>Physical offset from a block's base of each run of 2^RunBits amplitudes, in buffer order.</summary>
    public long[] RunOffsets()
    {
        var runs = new long[1 << (BlockQubits.Length - RunBits)];
        for (var r = 0; r < runs.Length; r++)
        {
            runs[r] = Bits.Deposit(r, BlockQubits.AsSpan(RunBits));
        }

        return runs;
    }

    /// <summary>Whether the block at <paramref name="blockBase"/> holds only zeros, before the pass and after it.</summary>
    public bool IsZeroBlock(long blockBase) => (blockBase & ZeroQubits) != 0;

    /// <summary>The physical index of block <paramref name="block"/>'s first amplitude.</summary>
    public long BlockBase(long block) => Bits.Deposit(block, OuterQubits);
}
