namespace Qxm.Simulation.StateVector.Engine;

/// <summary>One sweep over the state: for each assignment of the <see cref="OuterQubits"/> (a block), the amplitudes
/// of the <see cref="BlockQubits"/> are brought into a cache-sized buffer, all <see cref="Ops"/> run on it, and it is
/// written back. Buffer bit b is physical qubit BlockQubits[b].</summary>
/// <param name="Gates">Circuit gates this pass applies, for statistics.</param>
/// <param name="ZeroQubits">Physical qubits still |0⟩ when the pass starts (no gate has mixed them yet): a block whose
/// base has one of them set holds only zeros, before the pass and after it.</param>
/// <param name="WrittenQubits">Where buffer bit b is written back, when the pass reorders its block's qubits on the way
/// out (a permutation of <see cref="BlockQubits"/> that keeps the gather runs in place); null: where it was read.</param>
internal sealed record Pass(int[] BlockQubits, int[] OuterQubits, PassOp[] Ops, int Gates, long ZeroQubits = 0, int[]? WrittenQubits = null)
{
    /// <summary>Blocks are contiguous ranges of the state (the block qubits are the lowest ones) and are written back
    /// where they were read: the pass runs in place, no gather needed.</summary>
    public bool Contiguous => WrittenQubits is null && BlockQubits[^1] == BlockQubits.Length - 1;

    public long BlockCount => 1L << OuterQubits.Length;

    /// <summary>Where buffer bit b is written back.</summary>
    public int[] Written => WrittenQubits ?? BlockQubits;

    /// <summary>The block's lowest qubits are the lowest physical ones, RunBits of them, so gathers copy runs of
    /// 2^RunBits amplitudes (every block holds at least the planner's run bits).</summary>
    public int RunBits => LowestInPlace(BlockQubits);

    /// <summary>The same for the write-back's runs.</summary>
    public int WriteRunBits => LowestInPlace(Written);

    /// <summary>Physical offset from a block's base of each run of 2^RunBits amplitudes, in buffer order.</summary>
    public long[] RunOffsets() => Runs(BlockQubits, RunBits);

    /// <summary>Physical offset from a block's base of each run of 2^WriteRunBits amplitudes written back, in buffer order.</summary>
    public long[] WriteRunOffsets() => Runs(Written, WriteRunBits);

    private static int LowestInPlace(int[] positions) => positions.TakeWhile((position, b) => position == b).Count();

    private static long[] Runs(int[] positions, int runBits)
    {
        var runs = new long[1 << (positions.Length - runBits)];
        for (var r = 0; r < runs.Length; r++)
        {
            runs[r] = Bits.Deposit(r, positions.AsSpan(runBits));
        }

        return runs;
    }

    /// <summary>Whether the block at <paramref name="blockBase"/> holds only zeros, before the pass and after it.</summary>
    public bool IsZeroBlock(long blockBase) => (blockBase & ZeroQubits) != 0;

    /// <summary>The physical index of block <paramref name="block"/>'s first amplitude.</summary>
    public long BlockBase(long block) => Bits.Deposit(block, OuterQubits);
}
