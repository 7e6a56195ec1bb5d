using System.Collections.Immutable;
using System.Globalization;

namespace Qxm.Circuits.Parsing;

/// <summary>Upper bounds of what a gate call expands to, computed once per definition from its body's bounds, so a
/// call is priced in constant time before it is inlined. Sums and products saturate instead of overflowing: a gate
/// that doubles its callee sixty times is simply "too many".</summary>
internal static class ExpansionCost
{
    public const long Saturated = long.MaxValue / 4;

    /// <summary>A plain call (no modifiers), as <see cref="GateInliner"/> expands it: a built-in, library or opaque
    /// gate is one operation; a defined gate is its own call plus its steps.</summary>
    public static long OfPlainCall(GateKind kind, ImmutableArray<GateBodyOperation> body)
    {
        if (kind != GateKind.Defined)
        {
            return 1;
        }

        var total = 1L;
        foreach (var step in body)
        {
            total = Add(total, step.Gate is null ? 1 : step.Modifiers is { } m ? OfModifiedCall(step.Gate, m) : step.Gate.Cost);
        }

        return total;
    }

    /// <summary>A call under modifiers, as <see cref="ModifierLowering"/> expands it: library gates may be expanded
    /// through their bodies (an inverse with no library form), and every leaf may be wrapped in negated-control flips.</summary>
    public static long OfLoweredCall(GateKind kind, ImmutableArray<GateBodyOperation> body)
    {
        if (kind is GateKind.Builtin or GateKind.Opaque)
        {
            return 1;
        }

        var total = 1L;
        foreach (var step in body)
        {
            total = Add(total, step.Gate is null ? 1 : Multiply(Factor(step.Modifiers ?? GateModifiers.None), step.Gate.LoweredCost));
        }

        return total;
    }

    public static long OfModifiedCall(GateDefinition gate, GateModifiers modifiers) =>
        Multiply(Factor(modifiers), gate.LoweredCost);

    public static string Describe(long cost) =>
        cost >= Saturated ? "an astronomical number of" : cost.ToString("N0", CultureInfo.InvariantCulture);

    public static long Add(long a, long b) => a >= Saturated - b ? Saturated : a + b;

    public static long Multiply(long a, long b) => b != 0 && a >= Saturated / b ? Saturated : a * b;

    /// <summary>Integer powers repeat the call; each control may flip its qubit before and after every leaf.</summary>
    private static long Factor(GateModifiers modifiers)
    {
        var exponent = modifiers.Exponent;
        var repetitions = exponent == Math.Round(exponent) ? Math.Max(1, (long)Math.Min(Math.Abs(exponent), Saturated)) : 1;
        return Multiply(repetitions, 1 + (2L * modifiers.Controls.Length));
    }
}
