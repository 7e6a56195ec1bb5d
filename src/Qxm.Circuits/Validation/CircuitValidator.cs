using Qxm.Domain.Errors;

namespace Qxm.Circuits.Validation;

/// <summary>Runs every rule and returns all their problems at once: errors (the target cannot run it) and
/// warnings (lint: it runs, but probably not as meant).</summary>
public static class CircuitValidator
{
    /// <summary>The rules that make an experiment impossible on a target.</summary>
    public static readonly IReadOnlyList<IValidationRule> ErrorRules =
    [
        new QubitCountRule(),
        new NativeOperationRule(),
        new CouplingRule(),
        new ShotLimitRule(),
        new CircuitLimitRule(),
        new MidCircuitMeasurementRule(),
        new ResetRule(),
        new FeedForwardRule(),
        new TimingRule(),
        new PulseCalibrationRule(),
        new ParameterValueRule(),
    ];

    /// <summary>The lint rules: never blocking, kept on the run.</summary>
    public static readonly IReadOnlyList<IValidationRule> WarningRules =
    [
        new UnusedQubitRule(),
        new OperationAfterFinalMeasurementRule(),
        new OverwrittenMeasurementRule(),
        new SelfInversePairRule(),
        new IdenticalSweepPointsRule(),
    ];

    public static IReadOnlyList<Diagnostic> Validate(ValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return [.. ErrorRules.Concat(WarningRules).SelectMany(rule => rule.Check(context))];
    }
}
