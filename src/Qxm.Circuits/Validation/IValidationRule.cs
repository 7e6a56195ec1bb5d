using Qxm.Domain.Errors;

namespace Qxm.Circuits.Validation;

/// <summary>One check of an experiment against a target. A rule reports every problem it finds, each a
/// <see cref="Diagnostic"/> located in the circuit where possible and ending in a hint at the fix.</summary>
public interface IValidationRule
{
    /// <summary>The stable rule id its diagnostics carry (docs/devices.md lists them).</summary>
    string Id { get; }

    IEnumerable<Diagnostic> Check(ValidationContext context);
}
