using System.Collections.Immutable;

namespace Qxm.Circuits.Parsing;

/// <summary>The OpenQASM 3 modifiers of one gate call, normalised: <c>inv</c> and <c>pow</c> commute with
/// <c>ctrl</c>, so a chain reduces to its controls and one exponent.</summary>
/// <param name="Controls">One entry per control qubit, in operand order: true for <c>ctrl</c>, false for <c>negctrl</c>.</param>
/// <param name="Exponent">The product of the <c>pow</c> arguments, negated once per <c>inv</c>.</param>
internal sealed record GateModifiers(ImmutableArray<bool> Controls, double Exponent)
{
    public static readonly GateModifiers None = new([], 1);

    /// <summary>The chains written most often, shared so that a call with one of them costs nothing to describe.</summary>
    public static readonly GateModifiers Control = new([true], 1);

    public static readonly GateModifiers NegativeControl = new([false], 1);

    public static readonly GateModifiers Inverse = new([], -1);

    public bool IsNone => Controls.IsEmpty && Exponent == 1;
}
