using Qxm.Domain.Errors;

namespace Qxm.Circuits.Validation;

internal sealed class CircuitLimitRule : IValidationRule
{
    public string Id => ValidationRules.TooManyCircuits;

    public IEnumerable<Diagnostic> Check(ValidationContext context)
    {
        if (context.Points.Count > context.Target.MaxCircuits)
        {
            yield return new Diagnostic(
                Id,
                $"the sweep has {context.Points.Count} points but '{context.Backend}' runs at most {context.Target.MaxCircuits} circuits per job; "
                    + $"split the sweep into experiments of at most {context.Target.MaxCircuits} points",
                Path: "parameters");
        }
    }
}
