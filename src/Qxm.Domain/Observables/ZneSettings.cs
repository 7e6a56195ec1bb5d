namespace Qxm.Domain.Observables;

/// <summary>Zero-noise extrapolation as an experiment asks for it.</summary>
/// <param name="ScaleFactors">Odd noise scales, ascending: scale 2k + 1 runs the circuit's gates U as U (U^-1 U)^k.</param>
/// <param name="Fit">How the values at those scales are extrapolated to zero.</param>
public sealed record ZneSettings(IReadOnlyList<int> ScaleFactors, ZneFit Fit)
{
    /// <summary>Scales 1, 3 and 5 with Richardson extrapolation, the usual start.</summary>
    public static ZneSettings Default { get; } = new([1, 3, 5], ZneFit.Richardson);

    /// <summary>The most scale factors an experiment may ask for, and the largest scale: each factor is a circuit per
    /// basis and sweep point, and the largest sets the folded circuit's length.</summary>
    public const int MaxScaleFactors = 7;

    public const int MaxScale = 15;
}
