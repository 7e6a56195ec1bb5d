using System.Collections.Immutable;
using System.Globalization;
using Qxm.Circuits.Ir;
using Qxm.Circuits.Parsing;
using Qxm.Circuits.Syntax;
using Qxm.Domain.Errors;

namespace Qxm.Circuits.Semantics;

/// <summary>Timing: <c>delay</c> and <c>box</c> kept in the circuit with their durations (ns or dt) or stretches.</summary>
internal sealed partial class Lowering
{
    private void LowerDelay(DelaySyntax delay)
    {
        var (duration, unit) = Duration(delay.Duration, "delay");
        _operands.Clear();
        foreach (var qubit in delay.Qubits)
        {
            _operands.Add(ToOperand(qubit));
        }

        if (builder.Suppressed > 0)
        {
            return;
        }

        ImmutableArray<int> qubits;
        if (_operands.Count == 0)
        {
            qubits = [.. Enumerable.Range(0, builder.QubitCount)];
        }
        else if (!builder.ResolveQubits(_operands, out qubits))
        {
            return;
        }

        builder.EmitOperation(new DelayOperation(qubits, duration, unit, At(delay)));
    }

    private void LowerBox(BoxSyntax box)
    {
        var (duration, unit) = box.Duration is null ? (double.NaN, "ns") : Duration(box.Duration, "box");
        builder.BeginBlock();
        ImmutableArray<Operation> body;
        try
        {
            LowerScoped(box.Body);
        }
        finally
        {
            body = builder.EndBlock();
        }

        builder.EmitOperation(new BoxOperation(duration, unit, body, At(box)));
    }

    private (double Duration, string Unit) Duration(ExpressionSyntax designator, string keyword)
    {
        var value = Evaluate(designator);
        return value.Kind switch
        {
            ValueKind.Duration when value.Real < 0 => throw new DiagnosticException(Error(DiagnosticRules.Type,
                string.Create(CultureInfo.InvariantCulture, $"a duration cannot be negative ({value.Real}{value.Unit})"), designator)),
            ValueKind.Duration => (value.Real, value.Unit),
            ValueKind.Stretch => (double.NaN, "stretch"),
            ValueKind.Unknown => (0, "ns"),
            _ => throw new DiagnosticException(Error(DiagnosticRules.Type, $"'{keyword}' needs a duration such as 100ns, not {value.Described}", designator)),
        };
    }
}
