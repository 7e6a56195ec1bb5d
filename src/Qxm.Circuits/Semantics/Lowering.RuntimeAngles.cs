using System.Collections.Frozen;
using System.Collections.Immutable;
using Qxm.Circuits.Ir;
using Qxm.Circuits.Parsing;
using Qxm.Circuits.Syntax;
using Qxm.Domain.Errors;

namespace Qxm.Circuits.Semantics;

/// <summary>Angles written by measurements. OpenQASM 3's <c>angle[n]</c> is n bits read as a fraction of a turn
/// (bit k weighs 2π·2^k/2^n), so a measurement into one of its bits makes it a bit register, written per shot like any
/// other; a rotation by it is one rotation per bit, each run when its bit is 1, since rotations about one axis add.</summary>
internal sealed partial class Lowering
{
    /// <summary>Gates whose one parameter is an angle about a fixed axis, so that G(a)·G(b) = G(a + b) exactly; the
    /// modifiers keep that (a control, an inverse and a power of such a gate are such gates too).</summary>
    private static readonly FrozenSet<string> AdditiveRotations = FrozenSet.Create(StringComparer.Ordinal,
        "rx", "ry", "rz", "p", "phase", "u1", "cp", "cphase", "cu1", "crx", "cry", "crz", "rxx", "ryy", "rzz");

    /// <summary>The registers that hold an <c>angle[n]</c> written by a measurement: name, first bit, width.</summary>
    private readonly Dictionary<string, (int Offset, int Width)> _angleBits = new(StringComparer.Ordinal);

    /// <summary>Makes a global, non-constant <c>angle[n]</c> (n up to 62) a bit register of its own name holding its
    /// value so far, when a measurement first writes it; false where it cannot be (then the measurement is refused).</summary>
    private bool TryMakeAngleBits(Variable variable, ExpressionSyntax at)
    {
        if (variable.Type != ClassicalType.Angle || variable.Width is < 1 or > 62 || variable.IsConstant
            || _runtimeDepth > 0 || _subroutineDepth > 0 || builder.Suppressed > 0
            || !builder.Scopes[0].TryGetValue(variable.Name, out var global) || !ReferenceEquals(global, variable)
            || variable.Value.Kind is not (ValueKind.Float or ValueKind.Int))
        {
            return false;
        }

        var steps = AngleSteps(variable.Value.Real, variable.Width);
        builder.Scopes[0].Remove(variable.Name);
        builder.DeclareRegister(false, variable.Name, variable.Span, variable.Width, variable.Span);
        if (!builder.TryGetClassicalRegister(variable.Name, out var bits))
        {
            return false;
        }

        WriteBits(new BitsReference(bits.Offset, bits.Size), Value.Int(steps), at, fresh: true);
        _angleBits[variable.Name] = (bits.Offset, bits.Size);
        return true;
    }

    /// <summary>An <c>angle[n]</c> shifted as its n bits, <c>a &lt;&lt;= 1;</c>, while its value is known before the run.</summary>
    private Value ShiftAngle(Variable angle, Value by, string shift, ExpressionSyntax at)
    {
        if (by.Kind != ValueKind.Int || by.Integer < 0)
        {
            throw new DiagnosticException(Error(DiagnosticRules.Type, $"an angle is shifted by a non-negative int, not {by.Described}", at));
        }

        var steps = AngleSteps(angle.Value.Real, angle.Width);
        var shifted = by.Integer >= angle.Width ? 0 : (shift == "<<=" ? steps << (int)by.Integer : steps >> (int)by.Integer);
        return Value.Float(Math.Tau * Math.ScaleB(shifted & ((1L << angle.Width) - 1), -angle.Width));
    }

    /// <summary>The n-bit integer that holds <paramref name="radians"/> as a fraction of a turn, rounded to the nearest step.</summary>
    private static long AngleSteps(double radians, int width)
    {
        var turns = radians / Math.Tau;
        return (long)Math.Round(Math.ScaleB(turns - Math.Floor(turns), width)) & ((1L << width) - 1);
    }

    /// <summary>A call whose one parameter is an angle held in measured bits, <c>phase(c) q;</c>: lowered to one
    /// run-time branch per bit, each applying the gate by that bit's weight.</summary>
    private bool TryLowerOnAngleBits(GateCallSyntax call, GateModifiers modifiers)
    {
        if (call.Arguments is not [IdentifierSyntax named] || !_angleBits.TryGetValue(named.Name, out var angle)
            || !builder.TryGetClassicalRegister(named.Name, out var register) || register.Offset != angle.Offset)
        {
            return false;
        }

        if (!AdditiveRotations.Contains(call.Name.Name))
        {
            throw Unsupported($"gate '{call.Name.Name}' by an angle held in measured bits (only rotations about one axis, such as rz, p or rx, whose angles add, are split into one rotation per bit)", named);
        }

        _operands.Clear();
        foreach (var qubit in call.Qubits)
        {
            _operands.Add(ToOperand(qubit));
        }

        _runtimeDepth++;
        try
        {
            for (var k = 0; k < angle.Width; k++)
            {
                builder.BeginBlock();
                ImmutableArray<Operation> then;
                try
                {
                    builder.ApplyGate(call.Name.Name, At(call.Name), [new ConstantExpr(Math.Tau * Math.ScaleB(1, k - angle.Width))], _operands, modifiers);
                }
                finally
                {
                    then = builder.EndBlock();
                }

                builder.EmitOperation(new IfOperation(new ClbitComparison(angle.Offset + k, 1, "==", 1), then, [], At(call)));
            }
        }
        finally
        {
            _runtimeDepth--;
        }

        return true;
    }
}
