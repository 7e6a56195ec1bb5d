namespace Qxm.Simulation.StateVector.Engine;

/// <summary>Where in the state an operation acts: block-buffer bits <see cref="InnerMask"/> must equal
/// <see cref="InnerValue"/> (controls inside the block) and physical bits <see cref="OuterMask"/> of the block's base
/// must equal <see cref="OuterValue"/> (controls outside it, fixed for the whole block).</summary>
internal readonly record struct OpCondition(int InnerMask, int InnerValue, long OuterMask, long OuterValue)
{
    public bool HoldsFor(long blockBase) => (blockBase & OuterMask) == OuterValue;

    /// <summary>No condition: the op acts on every amplitude of every block.</summary>
    public bool IsDefault => this == default;
}
