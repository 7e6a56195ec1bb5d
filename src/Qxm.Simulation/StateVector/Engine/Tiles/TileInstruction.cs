namespace Qxm.Simulation.StateVector.Engine.Tiles;

internal enum TileInstructionKind
{
    /// <summary>A 2×2 block whose target is a register bit of the tile: pairs of registers.</summary>
    RegisterTarget,

    /// <summary>A 2×2 block whose target is a lane bit: each register against its lanes swapped.</summary>
    LaneTarget,

    /// <summary>A factor on the registers (and lanes) the condition selects.</summary>
    Phase,

    /// <summary>Exchanges a lane bit (stride <see cref="TileInstruction.Partner"/>) with a register bit: shuffles and blends.</summary>
    LaneSwap,

    /// <summary>Exchanges two lane bits (strides <see cref="TileInstruction.Target"/> and <see cref="TileInstruction.Partner"/>):
    /// one shuffle per register.</summary>
    LanePermute,

    /// <summary>Exchanges two register bits: renames registers, no instructions.</summary>
    RegisterSwap,
}

/// <summary>The structure of one operation inside a generated tile kernel; its numbers live in the coefficient area
/// from <see cref="Slot"/> on (one register-wide vector per slot), so one kernel serves every group of the same shape.</summary>
/// <param name="Target">Tile-local register bit (RegisterTarget) or lane stride (LaneTarget).</param>
/// <param name="RegisterMask">Tile-local register bits of the inner condition, with <paramref name="RegisterValue"/>.</param>
/// <param name="LaneMasked">The condition has lane bits: results are blended with a lane mask (the last slot).</param>
/// <param name="Enable">Bit of the kernel's per-block enable mask (an outer condition), or -1 for always.</param>
/// <param name="Partner">The other bit of a swap: a lane stride (LaneSwap, LanePermute) or a tile-local register bit (RegisterSwap).</param>
internal readonly record struct TileInstruction(
    TileInstructionKind Op,
    MatrixKind Kind,
    int Target,
    int RegisterMask,
    int RegisterValue,
    bool LaneMasked,
    int Enable,
    int Slot,
    int Partner = 0)
{
    /// <summary>Coefficient vectors a register-target op of this kind reads, in the order the emitter uses them.</summary>
    public static int RegisterSlots(MatrixKind kind) => kind switch
    {
        MatrixKind.Exchange => 0,
        MatrixKind.ShearReal or MatrixKind.AntiShearReal => 2,
        MatrixKind.Real or MatrixKind.ShearImaginary or MatrixKind.AntiShearImaginary => 4,
        MatrixKind.RealDiagonalImaginaryOff or MatrixKind.Diagonal => 6,
        _ => 12,
    };

    /// <summary>Lane-target ops read A and B per lane as (re, im, -im): six vectors.</summary>
    public const int LaneSlots = 6;

    /// <summary>Phases read (re, im, -im) per lane.</summary>
    public const int PhaseSlots = 3;
}
