using System.Numerics;
using Qxm.Simulation.StateVector.Engine;
using Qxm.Simulation.StateVector.Engine.Tiles;

namespace Qxm.Simulation.Tests.StateVector.Engine;

/// <summary>How a pass's operations become tile groups (3 lane bits, tiles of up to 3 register bits).</summary>
public class TileGrouperTests
{
    private const int LaneBits = 3;

    [Fact]
    public void Group_BrickLayer_KeepsLightConeTogetherAndDefersTheRest()
    {
        // Rotations on buffer bits 3..7 (register bits 0..4), then cx(3,4) and cx(5,6).
        PassOp[] ops = [Rotation(3), Rotation(4), Rotation(5), Rotation(6), Rotation(7), Cx(3, 4), Cx(5, 6)];

        var (segments, factors) = TileGrouper.Group(ops, LaneBits, 3);

        Assert.Empty(factors);
        Assert.Equal(2, segments.Count);
        Assert.Equal(0b111, segments[0].RegisterMask);
        Assert.Equal([ops[0], ops[1], ops[2], ops[5]], segments[0].Ops);
        Assert.Equal([ops[3], ops[4], ops[6]], segments[1].Ops);
    }

    [Fact]
    public void Group_OpAfterADeferredOneOnItsBit_IsNotMovedAheadOfIt()
    {
        // cx(3,7) cannot join a tile holding bits 4, 5, 6 and defers; the rotation on bit 3 after it must wait too.
        PassOp[] ops = [Rotation(4), Rotation(5), Rotation(6), Cx(3, 7), Rotation(3), Rotation(0)];

        var (segments, _) = TileGrouper.Group(ops, LaneBits, 3);

        Assert.Equal([ops[0], ops[1], ops[2], ops[5]], segments[0].Ops);
        Assert.Equal([ops[3], ops[4]], segments[1].Ops);
    }

    [Fact]
    public void Group_WholeBlockPhasesAndWideOps_AreKeptApart()
    {
        var factor = new PhaseOp(new OpCondition(0, 0, 1L << 20, 1L << 20), Complex.ImaginaryOne);
        var wide = new SingleQubitOp(new OpCondition(0b1111_0000_000, 0b1111_0000_000, 0, 0), 3, 0, 1, 1, 0, MatrixKind.Exchange);
        PassOp[] ops = [Rotation(3), factor, wide, Rotation(4)];

        var (segments, factors) = TileGrouper.Group(ops, LaneBits, 3);

        Assert.Equal([factor], factors);
        Assert.Equal(3, segments.Count);
        Assert.Equal([ops[0]], segments[0].Ops);
        Assert.Same(wide, segments[1].Single);
        Assert.Equal([ops[3]], segments[2].Ops);
    }

    private static SingleQubitOp Rotation(int bit) =>
        new(default, bit, 1, 0.5, -0.5, 1, MatrixKind.ShearReal);

    private static SingleQubitOp Cx(int control, int target) =>
        new(new OpCondition(1 << control, 1 << control, 0, 0), target, 0, 1, 1, 0, MatrixKind.Exchange);
}
