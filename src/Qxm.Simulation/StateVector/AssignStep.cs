using Qxm.Circuits.Ir;

namespace Qxm.Simulation.StateVector;

/// <summary>Writes <paramref name="Clbit"/>: 1 where <paramref name="Value"/> holds on the bits as they are now.</summary>
internal sealed record AssignStep(int Clbit, Condition Value) : Step
{
    /// <summary>Applies the write to a register held as an outcome string (clbit 0 rightmost).</summary>
    public void Apply(char[] clbits) =>
        clbits[clbits.Length - 1 - Clbit] = Value.HoldsOn(clbits) ? '1' : '0';
}
