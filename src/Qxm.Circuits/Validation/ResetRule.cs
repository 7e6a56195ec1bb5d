using Qxm.Circuits.Ir;
using Qxm.Domain.Errors;

namespace Qxm.Circuits.Validation;

internal sealed class ResetRule : IValidationRule
{
    public string Id => ValidationRules.Reset;

    public IEnumerable<Diagnostic> Check(ValidationContext context) =>
        context.Target.Features.Reset
            ? []
            : OperationTree.Descendants(context.Circuit.Operations).OfType<ResetOperation>().Select(r => new Diagnostic(
                Id,
                $"reset of {context.QubitName(r.Qubit)} is not supported on {context.Backend}; every qubit starts in |0⟩, "
                    + "so remove an initial reset, or use a fresh qubit instead of resetting one",
                context.File,
                r.Span.Line,
                r.Span.Column));
}
