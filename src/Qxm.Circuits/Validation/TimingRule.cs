using Qxm.Circuits.Ir;
using Qxm.Domain.Errors;

namespace Qxm.Circuits.Validation;

/// <summary>Delays and boxes on a target that does not honour timing: they would silently change meaning.</summary>
internal sealed class TimingRule : IValidationRule
{
    public string Id => ValidationRules.Timing;

    public IEnumerable<Diagnostic> Check(ValidationContext context) =>
        context.Target.Features.Timing
            ? []
            : OperationTree.Descendants(context.Circuit.Operations).Where(op => op is DelayOperation or BoxOperation).Select(op => new Diagnostic(
                Id,
                $"{(op is DelayOperation ? "delay" : "box")} is not supported on {context.Backend} (no timing control); "
                    + "remove the timing instructions or choose a backend that supports timing",
                context.File,
                op.Span.Line,
                op.Span.Column));
}
