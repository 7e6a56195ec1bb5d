using System.Numerics;
using Qxm.Simulation.StateVector.Engine.Tiles;
using Qxm.Simulation.StateVector.Engine.Vectors;

namespace Qxm.Simulation.StateVector.Engine;

/// <summary>What a pass does to each block, built once per pass and shared by the workers: steps in order (a tile
/// group, or one operation swept over the block) and the whole-block factors, which fold into one scalar per block.
/// Without tiles every operation is its own step.</summary>
internal sealed class BlockProgram<T, TVec, TOps> : IDisposable
    where T : unmanaged, IFloatingPointIeee754<T>
    where TVec : struct
    where TOps : struct, IVectorOps<TVec, T>
{
    private BlockProgram((TileGroup<T, TVec, TOps>? Group, PassOp? Single)[] steps, PhaseOp[] blockFactors)
    {
        Steps = steps;
        BlockFactors = blockFactors;
    }

    public (TileGroup<T, TVec, TOps>? Group, PassOp? Single)[] Steps { get; }

    public PhaseOp[] BlockFactors { get; }

    /// <param name="maxTileBits">Register bits per tile, or null for one sweep per operation.</param>
    /// <param name="swapTileBits">Register bits per tile for the bit swaps that end a pass (tile kernels do them in
    /// registers even where the gates are swept), or null where there are no tile kernels.</param>
    /// <param name="blockQubits">The pass's physical position of each buffer bit, so that the last tile group can write
    /// the state directly; null to use the buffer only.</param>
    public static BlockProgram<T, TVec, TOps> Build(
        PassOp[] ops, int blockBits, int laneBits, int? maxTileBits, int? swapTileBits = null, int[]? blockQubits = null)
    {
        if (maxTileBits is not { } tileBits)
        {
            // The swaps end the pass; with tile kernels at hand they run as tile groups after the swept operations.
            var swapsGrouped = swapTileBits is not null;
            var swept = ops.Where(o => !IsBlockFactor(o) && !(swapsGrouped && o is BitSwapOp)).Select(o => ((TileGroup<T, TVec, TOps>?)null, (PassOp?)o));
            PassOp[] swaps = swapsGrouped ? [.. ops.OfType<BitSwapOp>()] : [];
            var grouped = swaps.Length == 0 ? [] : TileGrouper.Group(swaps, laneBits, swapTileBits!.Value).Segments;
            return new BlockProgram<T, TVec, TOps>(
                [.. swept, .. GroupSteps(grouped, blockBits, blockQubits)], [.. ops.Where(IsBlockFactor).Cast<PhaseOp>()]);
        }

        var (segments, factors) = TileGrouper.Group(ops, laneBits, tileBits);
        return new BlockProgram<T, TVec, TOps>([.. GroupSteps(segments, blockBits, blockQubits)], [.. factors]);
    }

    /// <summary>Tile groups for the segments; with <paramref name="blockQubits"/>, the last one writes to the state.</summary>
    private static IEnumerable<(TileGroup<T, TVec, TOps>? Group, PassOp? Single)> GroupSteps(List<TileSegment> segments, int blockBits, int[]? blockQubits) =>
        segments.Select((s, i) => s.IsGroup
            ? (TileGroup<T, TVec, TOps>.Build(s, blockBits, blockQubits, toState: blockQubits is not null && i == segments.Count - 1), (PassOp?)null)
            : (null, s.Single));

    /// <summary>The factor of the block at <paramref name="blockBase"/>: the product of the factors whose outer
    /// condition it meets.</summary>
    public Complex ScaleFor(long blockBase)
    {
        var scale = Complex.One;
        foreach (var factor in BlockFactors)
        {
            if (factor.Condition.HoldsFor(blockBase))
            {
                scale *= factor.Factor;
            }
        }

        return scale;
    }

    public void Dispose()
    {
        foreach (var (group, _) in Steps)
        {
            group?.Dispose();
        }
    }

    private static bool IsBlockFactor(PassOp op) => op is PhaseOp { Condition.InnerMask: 0 };
}
