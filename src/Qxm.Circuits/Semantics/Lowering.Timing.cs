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

    /// <summary><c>durationof({ ... })</c> of a block whose length the program states: its delays and boxes with
    /// durations, barriers aligning qubits, each qubit's time added up and the longest taken. A gate, measurement or
    /// reset lasts what the backend makes it last, which the program does not say, so such a block is refused naming
    /// it; so are stretches (the device chooses them) and blocks mixing ns and dt.</summary>
    private Value DurationOf(DurationOfSyntax durationOf)
    {
        builder.BeginBlock();
        ImmutableArray<Operation> body;
        try
        {
            LowerScoped(durationOf.Block);
        }
        finally
        {
            body = builder.EndBlock();
        }

        if (builder.Suppressed > 0)
        {
            return Value.Unknown;
        }

        var clocks = new Dictionary<int, double>();
        string? unit = null;
        Advance(body, clocks, ref unit, durationOf);
        return Value.Duration(clocks.Count == 0 ? 0 : clocks.Values.Max(), unit ?? "ns");
    }

    private void Advance(IEnumerable<Operation> operations, Dictionary<int, double> clocks, ref string? unit, DurationOfSyntax at)
    {
        foreach (var op in operations)
        {
            switch (op)
            {
                case DelayOperation delay:
                    Align(delay.Qubits, clocks, Length(delay.Duration, delay.Unit, ref unit, at));
                    break;
                case BarrierOperation barrier:
                    Align(barrier.Qubits, clocks, 0);
                    break;
                case BoxOperation box:
                    var inner = new Dictionary<int, double>();
                    Advance(box.Body, inner, ref unit, at);
                    var qubits = OperationTree.QubitsActedOn(box.Body).Union(inner.Keys).ToImmutableArray();
                    var start = qubits.IsEmpty ? 0 : qubits.Max(q => clocks.GetValueOrDefault(q));
                    var length = double.IsNaN(box.Duration) ? (inner.Count == 0 ? 0 : inner.Values.Max()) : Length(box.Duration, box.Unit, ref unit, at);
                    foreach (var q in qubits)
                    {
                        clocks[q] = start + length;
                    }

                    break;
                default:
                    throw Unsupported(op switch
                    {
                        GateOperation gate => $"'durationof' a block with gate '{gate.Name}' (how long a gate lasts is the backend's, which the program does not state)",
                        MeasureOperation => "'durationof' a block with a measurement (how long it lasts is the backend's)",
                        ResetOperation => "'durationof' a block with a reset (how long it lasts is the backend's)",
                        _ => "'durationof' a block with control flow decided at run time",
                    }, at);
            }
        }
    }

    private double Length(double duration, string unit, ref string? blockUnit, DurationOfSyntax at)
    {
        if (unit == "stretch")
        {
            throw Unsupported("'durationof' a block with a stretch (the device chooses its length)", at);
        }

        if (blockUnit is not null && blockUnit != unit)
        {
            throw Unsupported("'durationof' a block mixing durations in ns and dt", at);
        }

        blockUnit = unit;
        return duration;
    }

    /// <summary>The qubits start together, when the last of them is free, and end <paramref name="length"/> later.</summary>
    private static void Align(ImmutableArray<int> qubits, Dictionary<int, double> clocks, double length)
    {
        var start = qubits.IsEmpty ? 0 : qubits.Max(q => clocks.GetValueOrDefault(q));
        foreach (var q in qubits)
        {
            clocks[q] = start + length;
        }
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
