namespace Qxm.Engine.Reproduction;

/// <summary>One sweep point compared: shots of each run, total variation distance and its upper confidence bound, the
/// chi-square statistic with its degrees of freedom (after merging sparse outcomes) and p-value, and the point's verdict.</summary>
public sealed record PointComparison(
    int Index, long ShotsOriginal, long ShotsRerun, double TotalVariation, double TotalVariationUpper, double ChiSquare, int DegreesOfFreedom,
    double PValue, ReproduceVerdict Verdict);
