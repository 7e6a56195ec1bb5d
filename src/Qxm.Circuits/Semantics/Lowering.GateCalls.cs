using System.Collections.Immutable;
using System.Runtime.InteropServices;
using Qxm.Circuits.Ir;
using Qxm.Circuits.Parsing;
using Qxm.Circuits.Syntax;
using Qxm.Domain.Errors;

namespace Qxm.Circuits.Semantics;

/// <summary>Gate calls: the gate resolved by name (or kept verbatim as a calibration directive where only a <c>defcal</c>
/// defines it), its modifiers (<c>ctrl @</c>, <c>negctrl @</c>, <c>inv @</c>, <c>pow(k) @</c>) lowered to controls and an
/// exponent, and the call emitted through the builder.</summary>
internal sealed partial class Lowering
{
    private void LowerGateCall(GateCallSyntax call)
    {
        var modifiers = GateModifiers.None;
        if (!call.Modifiers.IsEmpty)
        {
            modifiers = Modifiers(call);
        }

        if (call.Duration is not null)
        {
            throw Unsupported("a gate duration designator", call.Duration);
        }

        if (version >= 3 && _angleBits.Count > 0 && TryLowerOnAngleBits(call, modifiers))
        {
            return;
        }

        var parameters = call.Arguments.IsEmpty ? [] : Parameters(call.Arguments);

        _operands.Clear();
        foreach (var qubit in call.Qubits)
        {
            _operands.Add(ToOperand(qubit));
        }

        if (_calibratedGates.Contains(call.Name.Name) && !builder.TryGetGate(call.Name.Name, out _))
        {
            // Defined only by a defcal: the call is kept verbatim with the calibrations, for a target that reads them.
            if (builder.ResolveQubits(_operands, out _))
            {
                var text = _source.Text.Substring(call.Span.Start, call.Span.Length);
                builder.AddDirective(DirectiveKind.Calibration, text.EndsWith(';') ? text : text + ";", At(call.Name));
            }

            return;
        }

        builder.ApplyGate(call.Name.Name, At(call.Name), parameters, _operands, modifiers);
    }

    /// <summary>A call's parameters. A list of up to four constants is folded to numbers first and looked up among the
    /// shared lists, so that a call whose list is shared allocates nothing for it.</summary>
    private ImmutableArray<Expr> Parameters(ImmutableArray<ExpressionSyntax> arguments)
    {
        if (arguments.Length > 4)
        {
            return builder.Shared(ImmutableArray.CreateRange(arguments, ToExpr));
        }

        Span<double> constants = stackalloc double[4];
        for (var i = 0; i < arguments.Length; i++)
        {
            if (ToParameter(arguments[i], out constants[i]) is not { } first)
            {
                continue;
            }

            // Not all constant: each argument is lowered once, the constants read so far kept as they were folded.
            var parameters = new Expr[arguments.Length];
            for (var j = 0; j < i; j++)
            {
                parameters[j] = new ConstantExpr(constants[j]);
            }

            parameters[i] = first;
            for (var j = i + 1; j < parameters.Length; j++)
            {
                parameters[j] = ToExpr(arguments[j]);
            }

            return builder.Shared(ImmutableCollectionsMarshal.AsImmutableArray(parameters));
        }

        return builder.SharedConstants(constants[..arguments.Length]);
    }

    private GateModifiers Modifiers(GateCallSyntax call)
    {
        if (call.Modifiers is [{ Argument: null } single])
        {
            switch (single.Keyword)
            {
                case "ctrl": return GateModifiers.Control;
                case "negctrl": return GateModifiers.NegativeControl;
                case "inv": return GateModifiers.Inverse;
            }
        }

        var controls = ImmutableArray.CreateBuilder<bool>();
        var exponent = 1.0;
        foreach (var modifier in call.Modifiers)
        {
            switch (modifier.Keyword)
            {
                case "inv":
                    exponent = -exponent;
                    break;
                case "pow" when modifier.Argument is null:
                    throw new DiagnosticException(Error(DiagnosticRules.Syntax, "expected '(' after 'pow'", modifier));
                case "pow":
                    var power = Evaluate(modifier.Argument);
                    exponent *= power.Kind switch
                    {
                        ValueKind.Int or ValueKind.Float => power.Real,
                        ValueKind.Unknown => 1,
                        ValueKind.Symbolic => throw Unsupported("'pow' with an exponent known only when the circuit runs", modifier.Argument),
                        _ => throw new DiagnosticException(Error(DiagnosticRules.Type, $"'pow' takes a number, not {power.Described}", modifier.Argument)),
                    };
                    break;
                default:
                    var count = modifier.Argument is null ? 1 : ConstInteger(modifier.Argument, "a number of control qubits");
                    if (count is < 1 or > 64)
                    {
                        throw new DiagnosticException(Error(DiagnosticRules.Type, $"'{modifier.Keyword}' needs between 1 and 64 control qubits but is given {count}", modifier.Argument!));
                    }

                    for (var i = 0; i < count; i++)
                    {
                        controls.Add(modifier.Keyword == "ctrl");
                    }

                    break;
            }
        }

        return new GateModifiers(controls.ToImmutable(), exponent);
    }
}
