using System.Collections.Immutable;
using System.Globalization;
using Qxm.Circuits.Ir;
using Qxm.Circuits.Parsing;
using Qxm.Circuits.Syntax;
using Qxm.Domain.Backends;
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

    /// <summary><c>durationof({ ... })</c>: each qubit's time added up, the longest taken. Delays, boxes with durations and
    /// barriers last what the program states; a gate, measurement or reset lasts what the target says
    /// (<see cref="Target.DurationNs"/>), so without a target, or where it states no duration for it, the block is refused
    /// naming it. Stretches (the device chooses them) and blocks mixing ns and dt are refused too.</summary>
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
        try
        {
            Advance(body, clocks, ref unit, durationOf);
        }
        catch (DiagnosticException e) when (target is null && e.Diagnostic.Rule == DiagnosticRules.DurationUnknown)
        {
            // The language check: valid, but only a backend's durations complete the program, so no circuit is built.
            builder.ReportNeedsBackend(e.Diagnostic with { Severity = DiagnosticSeverity.Warning });
            return Value.Unknown;
        }

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
                case GateOperation gate:
                    Align(gate.Qubits, clocks, Length(TargetDuration(gate.Name, gate.Qubits, $"gate '{gate.Name}'", at), "ns", ref unit, at));
                    break;
                case MeasureOperation measure:
                    Align([measure.Qubit], clocks, Length(TargetDuration("measure", [measure.Qubit], "a measurement", at), "ns", ref unit, at));
                    break;
                case ResetOperation reset:
                    Align([reset.Qubit], clocks, Length(TargetDuration("reset", [reset.Qubit], "a reset", at), "ns", ref unit, at));
                    break;
                default:
                    throw Unsupported("'durationof' a block with control flow decided at run time", at);
            }
        }
    }

    private double TargetDuration(string operation, ImmutableArray<int> qubits, string described, DurationOfSyntax at)
    {
        if (target is null)
        {
            throw new DiagnosticException(Error(DiagnosticRules.DurationUnknown,
                $"'durationof' a block with {described}: how long it lasts is the backend's; validate or run the program on a backend, whose target states its durations",
                at));
        }

        return target.DurationNs(operation, qubits) ?? throw new DiagnosticException(Error(DiagnosticRules.DurationUnknown,
            $"'durationof' a block with {described}: the backend states no duration for it on qubits {string.Join(", ", qubits)}",
            at));
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
