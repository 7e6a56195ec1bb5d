using Qxm.Circuits.Ir;

namespace Qxm.Simulation.StateVector;

/// <summary>Conditions read on a register held as an outcome string (clbit 0 rightmost), as every per-shot path keeps it.</summary>
internal static class OutcomeBits
{
    public static bool Bit(string register, int clbit) => register[register.Length - 1 - clbit] == '1';

    public static bool HoldsOn(this Condition condition, char[] register) => condition.Evaluate(c => register[register.Length - 1 - c] == '1');

    public static bool HoldsOn(this Condition condition, string register) => condition.Evaluate(c => Bit(register, c));
}
