using Qxm.Circuits.Ir;
using Qxm.Domain.Errors;

namespace Qxm.Circuits.Validation;

/// <summary>A qubit used again after it was measured, on a target that measures only at the end.</summary>
internal sealed class MidCircuitMeasurementRule : IValidationRule
{
    public string Id => ValidationRules.MidCircuitMeasurement;

    public IEnumerable<Diagnostic> Check(ValidationContext context)
    {
        if (context.Target.Features.MidCircuitMeasurement)
        {
            yield break;
        }

        var measuredAt = new Dictionary<int, SourceSpan>();
        var reported = new HashSet<int>();
        foreach (var op in OperationTree.Descendants(context.Circuit.Operations))
        {
            var qubits = op switch
            {
                GateOperation g => (IEnumerable<int>)g.Qubits,
                MeasureOperation m => [m.Qubit],
                _ => [],
            };
            foreach (var qubit in qubits)
            {
                if (measuredAt.TryGetValue(qubit, out var at) && reported.Add(qubit))
                {
                    yield return new Diagnostic(
                        Id,
                        $"{context.QubitName(qubit)} is used after its measurement at line {at.Line}, but {context.Backend} "
                            + "measures only at the end of a circuit; move the measurement after the qubit's last operation",
                        context.File,
                        op.Span.Line,
                        op.Span.Column);
                }
            }

            if (op is MeasureOperation measure)
            {
                measuredAt.TryAdd(measure.Qubit, measure.Span);
            }
        }
    }
}
