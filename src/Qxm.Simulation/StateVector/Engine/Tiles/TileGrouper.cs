using System.Numerics;

namespace Qxm.Simulation.StateVector.Engine.Tiles;

/// <summary>One step of a pass's work on a block: a group of operations that all stay within the lane bits and at most
/// a few register bits (applied tile by tile, the tile's registers loaded once for the whole group), or one operation
/// that no tile kernel handles.</summary>
/// <param name="RegisterMask">Register-index bits (buffer bit minus the lane bits) the group's tiles span.</param>
internal sealed record TileSegment(int RegisterMask, PassOp[] Ops, PassOp? Single)
{
    public bool IsGroup => Single is null;
}

/// <summary>Splits a pass's operations into tile groups. A sweep of the block per operation is bound by stores (one
/// 256-bit store per cycle here: half a cycle per double-precision amplitude) as much as by arithmetic; a group keeps a
/// tile of 2^R registers per part loaded while all of its operations run, so it pays one load and one store per
/// amplitude for the whole group. Grouping is the pass planner's greedy rule one level down: operations join in program
/// order while their register bits fit R; one that does not is deferred and blocks its bits (lane bits included), so
/// later operations that commute with it may still join. Operations scaling a whole block are returned apart: the
/// executor folds them into one factor. Operations spanning more register bits than a tile (c3x with its controls
/// apart, dense multi-qubit blocks) run on their own with the sweep kernels.</summary>
internal static class TileGrouper
{
    /// <summary>Operations per group, which bounds the size (and compile time) of one generated kernel.</summary>
    public const int MaxOpsPerGroup = 40;

    /// <summary>Operations of one group whose outer condition is decided per block: a bit each in an int.</summary>
    public const int MaxConditionalPerGroup = 30;

    public static (List<TileSegment> Segments, List<PhaseOp> BlockFactors) Group(PassOp[] ops, int laneBits, int maxTileBits)
    {
        var segments = new List<TileSegment>();
        var factors = new List<PhaseOp>();
        var run = new List<PassOp>();
        foreach (var op in ops)
        {
            switch (op)
            {
                case PhaseOp { Condition.InnerMask: 0 } factor:
                    factors.Add(factor);
                    break;
                case SingleQubitOp or PhaseOp or BitSwapOp when BitOperations.PopCount((uint)(Touched(op) >> laneBits)) <= maxTileBits:
                    run.Add(op);
                    break;
                default:
                    GroupRun(run, laneBits, maxTileBits, segments);
                    run.Clear();
                    segments.Add(new TileSegment(0, [], op));
                    break;
            }
        }

        GroupRun(run, laneBits, maxTileBits, segments);
        return (segments, factors);
    }

    /// <summary>Buffer bits an operation reads or changes: its target and its inner condition.</summary>
    public static int Touched(PassOp op) => op switch
    {
        SingleQubitOp s => (1 << s.Target) | s.Condition.InnerMask,
        PhaseOp p => p.Condition.InnerMask,
        BitSwapOp b => (1 << b.Low) | (1 << b.High),
        MultiQubitOp m => m.Targets.Aggregate(m.Condition.InnerMask, (mask, t) => mask | (1 << t)),
        _ => throw new ArgumentException($"unknown op {op.GetType().Name}", nameof(op)),
    };

    private static void GroupRun(List<PassOp> run, int laneBits, int maxTileBits, List<TileSegment> segments)
    {
        var pending = run;
        while (pending.Count > 0)
        {
            var registers = 0;
            var blocked = 0;
            var conditional = 0;
            var group = new List<PassOp>();
            var deferred = new List<PassOp>();
            foreach (var op in pending)
            {
                var touched = Touched(op);
                var opRegisters = touched >> laneBits;
                var outer = op.Condition.OuterMask != 0;
                if ((touched & blocked) == 0
                    && BitOperations.PopCount((uint)(registers | opRegisters)) <= maxTileBits
                    && group.Count < MaxOpsPerGroup
                    && (!outer || conditional < MaxConditionalPerGroup))
                {
                    registers |= opRegisters;
                    conditional += outer ? 1 : 0;
                    group.Add(op);
                }
                else
                {
                    blocked |= touched;
                    deferred.Add(op);
                }
            }

            segments.Add(new TileSegment(registers, [.. group], null));
            pending = deferred;
        }
    }
}
