using Qxm.Circuits.Ir;
using Qxm.Domain.Errors;

namespace Qxm.Circuits.Validation;

/// <summary>A measured bit that is overwritten before anything reads it. Final results only report each bit's last value,
/// so a measured bit is never read exactly when a later measurement overwrites it with no condition reading it between.</summary>
internal sealed class OverwrittenMeasurementRule : IValidationRule
{
    public string Id => ValidationRules.OverwrittenMeasurement;

    public IEnumerable<Diagnostic> Check(ValidationContext context)
    {
        var unread = new Dictionary<int, MeasureOperation>();
        var loopRead = new HashSet<int>();
        var count = 0;
        foreach (var op in OperationTree.Descendants(context.Circuit.Operations))
        {
            switch (op)
            {
                case MeasureOperation m:
                    if (unread.TryGetValue(m.Clbit, out var earlier) && ++count <= ValidationRules.MaxPerRule)
                    {
                        yield return new Diagnostic(
                            Id,
                            $"the result of measuring {context.QubitName(earlier.Qubit)} into {context.ClbitName(m.Clbit)} (line {earlier.Span.Line}) "
                                + $"is overwritten here before anything reads it; measure into another bit to keep it",
                            context.File,
                            m.Span.Line,
                            m.Span.Column,
                            Severity: DiagnosticSeverity.Warning);
                    }

                    if (!loopRead.Contains(m.Clbit))
                    {
                        unread[m.Clbit] = m;
                    }

                    break;
                case WhileOperation w:
                    // The condition is read again after every pass, so what the body measures into it is read.
                    loopRead.UnionWith(w.Condition.Clbits());
                    goto default;
                default:
                    foreach (var bit in OperationTree.ClbitsRead(op))
                    {
                        unread.Remove(bit);
                    }

                    break;
            }
        }
    }
}
