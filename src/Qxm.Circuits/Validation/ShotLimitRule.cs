using Qxm.Domain.Errors;

namespace Qxm.Circuits.Validation;

internal sealed class ShotLimitRule : IValidationRule
{
    public string Id => ValidationRules.TooManyShots;

    public IEnumerable<Diagnostic> Check(ValidationContext context)
    {
        if (context.Shots > context.Target.MaxShots)
        {
            yield return new Diagnostic(
                Id,
                $"{context.Shots} shots exceed the maximum of {context.Target.MaxShots} on '{context.Backend}'; "
                    + $"ask for at most {context.Target.MaxShots} shots and submit the experiment again for more",
                Path: "shots");
        }
    }
}
