using Qxm.Circuits.Ir;
using Qxm.Domain.Errors;

namespace Qxm.Circuits.Validation;

/// <summary>Operations conditioned on measurement results, on a target without classical feed-forward.</summary>
internal sealed class FeedForwardRule : IValidationRule
{
    public string Id => ValidationRules.FeedForward;

    public IEnumerable<Diagnostic> Check(ValidationContext context) =>
        context.Target.Features.FeedForward
            ? []
            : OperationTree.Descendants(context.Circuit.Operations).Where(OperationTree.IsClassicallyControlled).Select(op => new Diagnostic(
                Id,
                $"'if' on measurement results is not supported on {context.Backend} (no classical feed-forward); "
                    + "replace it with a controlled gate on the qubit (deferred measurement) or choose a backend with feed-forward",
                context.File,
                op.Span.Line,
                op.Span.Column));
}
