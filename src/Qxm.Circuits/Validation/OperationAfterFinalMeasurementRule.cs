using Qxm.Circuits.Ir;
using Qxm.Domain.Errors;

namespace Qxm.Circuits.Validation;

/// <summary>Gates on a qubit after its last measurement: they cannot change any result.</summary>
internal sealed class OperationAfterFinalMeasurementRule : IValidationRule
{
    public string Id => ValidationRules.OperationAfterFinalMeasurement;

    public IEnumerable<Diagnostic> Check(ValidationContext context)
    {
        var operations = OperationTree.Descendants(context.Circuit.Operations).ToList();
        var lastMeasure = new Dictionary<int, (int Index, SourceSpan Span)>();
        for (var i = 0; i < operations.Count; i++)
        {
            if (operations[i] is MeasureOperation m)
            {
                lastMeasure[m.Qubit] = (i, m.Span);
            }
        }

        // A gate after the final measurement still matters when some branch reads a later result: only flag
        // circuits without classical control, where nothing after the last measurement of a qubit can be observed.
        if (operations.Any(OperationTree.IsClassicallyControlled))
        {
            yield break;
        }

        var reported = new HashSet<int>();
        for (var i = 0; i < operations.Count; i++)
        {
            if (operations[i] is not GateOperation gate)
            {
                continue;
            }

            foreach (var qubit in gate.Qubits)
            {
                if (lastMeasure.TryGetValue(qubit, out var last) && i > last.Index && reported.Add(qubit))
                {
                    yield return new Diagnostic(
                        Id,
                        $"{gate.Name} on {context.QubitName(qubit)} comes after that qubit's final measurement (line {last.Span.Line}) "
                            + "and cannot change any result; remove it or measure after it",
                        context.File,
                        gate.Span.Line,
                        gate.Span.Column,
                        Severity: DiagnosticSeverity.Warning);
                }
            }
        }
    }
}
