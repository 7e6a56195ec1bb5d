using System.Collections.Frozen;
using System.Collections.Immutable;
using Qxm.Circuits.Ir;

namespace Qxm.Circuits.Parsing;

/// <summary>Applies gate modifiers by producing library gates, since the simulators and devices run only those:
/// <c>ctrl</c> maps a library gate to its controlled form in the library (x → cx → ccx, rz → crz, U → cu, gphase → p),
/// <c>inv</c> to its inverse (s → sdg, rx(θ) → rx(-θ)), integer <c>pow</c> repeats, and non-integer <c>pow</c> scales a
/// rotation angle. A defined gate is modified statement by statement, since C(AB) = C(A)C(B) and (AB)⁻¹ = B⁻¹A⁻¹.
/// What has no library form is refused with a message naming it, never approximated.</summary>
internal static class ModifierLowering
{
    /// <summary>Integer powers are unrolled; beyond this a program is almost surely a mistake.</summary>
    public const int MaxRepetitions = 1024;

    private static readonly FrozenSet<string> SelfInverse = FrozenSet.Create(StringComparer.Ordinal,
        "id", "u0", "x", "y", "z", "h", "CX", "cx", "cy", "cz", "ch", "swap", "ccx", "cswap", "c3x", "c4x");

    private static readonly FrozenSet<string> Rotations = FrozenSet.Create(StringComparer.Ordinal,
        "rx", "ry", "rz", "p", "phase", "u1", "crx", "cry", "crz", "cp", "cphase", "cu1", "rxx", "rzz", "gphase");

    private static readonly FrozenDictionary<string, string> Inverses = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["s"] = "sdg", ["sdg"] = "s", ["t"] = "tdg", ["tdg"] = "t", ["sx"] = "sxdg", ["sxdg"] = "sx",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, string> PlainControlled = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["x"] = "cx", ["CX"] = "ccx", ["cx"] = "ccx", ["ccx"] = "c3x", ["c3x"] = "c4x", ["y"] = "cy", ["z"] = "cz",
        ["h"] = "ch", ["sx"] = "csx", ["swap"] = "cswap", ["rx"] = "crx", ["ry"] = "cry", ["rz"] = "crz",
        ["p"] = "cp", ["phase"] = "cp", ["u1"] = "cp", ["gphase"] = "p",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Emits the modified call; returns why it cannot be done instead (nothing useful was emitted then).</summary>
    /// <param name="qubits">The call's operands: the controls first, then the gate's own qubits.</param>
    public static string? Lower(
        GateDefinition gate, ImmutableArray<Expr> parameters, ImmutableArray<int> qubits, GateModifiers modifiers, SourceSpan span, Action<Operation> emit)
    {
        var count = modifiers.Controls.Length;
        var controls = new (int Qubit, bool Positive)[count];
        for (var i = 0; i < count; i++)
        {
            controls[i] = (qubits[i], modifiers.Controls[i]);
        }

        return Power(gate, parameters, qubits[count..], controls, modifiers.Exponent, span, emit);
    }

    private static string? Power(
        GateDefinition gate, ImmutableArray<Expr> parameters, ImmutableArray<int> targets, (int Qubit, bool Positive)[] controls,
        double exponent, SourceSpan span, Action<Operation> emit)
    {
        if (exponent == Math.Round(exponent))
        {
            if (Math.Abs(exponent) > MaxRepetitions)
            {
                return $"'pow({exponent}) @' is not supported: powers are limited to ±{MaxRepetitions}";
            }

            for (var i = 0; i < Math.Abs(exponent); i++)
            {
                if (Once(gate, parameters, targets, controls, exponent < 0, span, emit) is { } error)
                {
                    return error;
                }
            }

            return null;
        }

        if (gate.Kind is GateKind.Builtin or GateKind.Library && Rotations.Contains(gate.Name))
        {
            var scaled = parameters.SetItem(0, ExpressionFolding.Binary('*', parameters[0], new ConstantExpr(exponent)));
            return Once(gate, scaled, targets, controls, inverse: false, span, emit);
        }

        return $"'pow({exponent}) @' on gate '{gate.Name}' is not supported: only rotation gates take non-integer powers";
    }

    private static string? Once(
        GateDefinition gate, ImmutableArray<Expr> parameters, ImmutableArray<int> targets, (int Qubit, bool Positive)[] controls,
        bool inverse, SourceSpan span, Action<Operation> emit)
    {
        if (gate.Kind == GateKind.Opaque || gate.OpaqueDependency is not null)
        {
            return $"opaque gate '{gate.OpaqueDependency ?? gate.Name}' has no definition and cannot be modified";
        }

        if (gate.Kind == GateKind.Defined)
        {
            return Expand(gate, parameters, targets, controls, inverse, span, emit);
        }

        var name = gate.Name;
        var values = parameters;
        if (inverse && !TryInvert(ref name, ref values))
        {
            // Uncontrolled, a library gate's definition is exact up to a global phase, which is then unobservable.
            return controls.Length == 0 && !gate.Body.IsEmpty
                ? Expand(gate, parameters, targets, controls, inverse, span, emit)
                : $"'inv @' on gate '{gate.Name}' is not supported here: the gate library has no inverse of it";
        }

        if (name == "id" || (name == "u0" && controls.Length > 0))
        {
            return null;
        }

        var qubits = targets;
        for (var i = controls.Length - 1; i >= 0; i--)
        {
            if (!TryControl(ref name, ref values))
            {
                return $"'ctrl @' on gate '{gate.Name}' with {CircuitBuilder.Count(controls.Length, "control")} is not supported: the gate library has no such controlled gate (define it with a gate body)";
            }

            qubits = qubits.Insert(0, controls[i].Qubit);
        }

        if (name == "gphase")
        {
            return null;
        }

        FlipNegativeControls(controls, span, emit);
        emit(new GateOperation(name, qubits, values, span));
        FlipNegativeControls(controls, span, emit);
        return null;
    }

    private static string? Expand(
        GateDefinition gate, ImmutableArray<Expr> parameters, ImmutableArray<int> targets, (int Qubit, bool Positive)[] controls,
        bool inverse, SourceSpan span, Action<Operation> emit)
    {
        for (var s = 0; s < gate.Body.Length; s++)
        {
            var step = gate.Body[inverse ? gate.Body.Length - 1 - s : s];
            var mapped = new int[step.Qubits.Length];
            for (var i = 0; i < mapped.Length; i++)
            {
                mapped[i] = targets[step.Qubits[i]];
            }

            if (step.Gate is null)
            {
                if (controls.Length == 0)
                {
                    emit(new BarrierOperation([.. mapped], span));
                }

                continue;
            }

            var arguments = step.Parameters;
            if (!arguments.IsEmpty)
            {
                var substituted = new Expr[arguments.Length];
                for (var i = 0; i < substituted.Length; i++)
                {
                    substituted[i] = ExpressionFolding.SubstituteParameters(arguments[i], parameters);
                }

                arguments = [.. substituted];
            }

            var modifiers = step.Modifiers ?? GateModifiers.None;
            var inner = modifiers.Controls.Length;
            var allControls = new (int Qubit, bool Positive)[controls.Length + inner];
            controls.CopyTo(allControls, 0);
            for (var i = 0; i < inner; i++)
            {
                allControls[controls.Length + i] = (mapped[i], modifiers.Controls[i]);
            }

            var exponent = inverse ? -modifiers.Exponent : modifiers.Exponent;
            if (Power(step.Gate, arguments, [.. mapped[inner..]], allControls, exponent, span, emit) is { } error)
            {
                return error;
            }
        }

        return null;
    }

    internal static bool TryInvert(ref string name, ref ImmutableArray<Expr> values)
    {
        if (SelfInverse.Contains(name))
        {
            return true;
        }

        if (Inverses.TryGetValue(name, out var inverse))
        {
            name = inverse;
            return true;
        }

        if (Rotations.Contains(name))
        {
            values = [ExpressionFolding.Negate(values[0])];
            return true;
        }

        switch (name)
        {
            case "U" or "u" or "u3" or "cu3":
                values = [ExpressionFolding.Negate(values[0]), ExpressionFolding.Negate(values[2]), ExpressionFolding.Negate(values[1])];
                return true;
            case "u2":
                name = "u3";
                values = [new ConstantExpr(-Math.PI / 2), ExpressionFolding.Negate(values[1]), ExpressionFolding.Negate(values[0])];
                return true;
            case "cu":
                values = [ExpressionFolding.Negate(values[0]), ExpressionFolding.Negate(values[2]), ExpressionFolding.Negate(values[1]),
                    ExpressionFolding.Negate(values[3])];
                return true;
            default:
                return false;
        }
    }

    private static bool TryControl(ref string name, ref ImmutableArray<Expr> values)
    {
        if (PlainControlled.TryGetValue(name, out var controlled))
        {
            name = controlled;
            return true;
        }

        double? phase = name switch { "s" => Math.PI / 2, "sdg" => -Math.PI / 2, "t" => Math.PI / 4, "tdg" => -Math.PI / 4, _ => null };
        if (phase is { } lambda)
        {
            name = "cp";
            values = [new ConstantExpr(lambda)];
            return true;
        }

        switch (name)
        {
            case "U" or "u" or "u3":
                name = "cu";
                values = [values[0], values[1], values[2], new ConstantExpr(0)];
                return true;
            case "u2":
                name = "cu";
                values = [new ConstantExpr(Math.PI / 2), values[0], values[1], new ConstantExpr(0)];
                return true;
            default:
                return false;
        }
    }

    private static void FlipNegativeControls((int Qubit, bool Positive)[] controls, SourceSpan span, Action<Operation> emit)
    {
        foreach (var (qubit, positive) in controls)
        {
            if (!positive)
            {
                emit(new GateOperation("x", [qubit], [], span));
            }
        }
    }
}
