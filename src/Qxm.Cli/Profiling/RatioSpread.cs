namespace Qxm.Cli.Profiling;

/// <summary>Where a figure's on/off ratio lies over the rounds: the median of the rounds' ratios, their quartiles, and a
/// bootstrap 95 % interval of the median, which says whether the rounds can tell a difference of a given size.</summary>
internal sealed record RatioSpread(double Median, double LowerQuartile, double UpperQuartile, double IntervalLow, double IntervalHigh, int Rounds)
{
    private const int Resamples = 4000;

    /// <summary>The spread of <paramref name="ratios"/>; the bootstrap's generator is seeded, so the same rounds give the
    /// same interval.</summary>
    public static RatioSpread Of(IReadOnlyList<double> ratios)
    {
        ArgumentNullException.ThrowIfNull(ratios);
        if (ratios.Count == 0)
        {
            return new(0, 0, 0, 0, 0, 0);
        }

        var sorted = ratios.Order().ToArray();
        var random = new Random(20261207);
        var medians = new double[Resamples];
        var sample = new double[sorted.Length];
        for (var r = 0; r < Resamples; r++)
        {
            for (var i = 0; i < sample.Length; i++)
            {
                sample[i] = sorted[random.Next(sorted.Length)];
            }

            Array.Sort(sample);
            medians[r] = Quantile(sample, 0.5);
        }

        Array.Sort(medians);
        return new(Quantile(sorted, 0.5), Quantile(sorted, 0.25), Quantile(sorted, 0.75), Quantile(medians, 0.025), Quantile(medians, 0.975), sorted.Length);
    }

    /// <summary>What the rounds show against a tolerance (0.05 for 5 %): a cost is a ratio above 1 for
    /// <paramref name="lowerIsBetter"/> figures (CPU, latency) and below 1 for rates.</summary>
    public RatioVerdict Against(double tolerance, bool lowerIsBetter)
    {
        // Fewer rounds than this cannot give an interval narrower than the rounds' own extremes.
        if (Rounds < 5)
        {
            return RatioVerdict.TooFewRounds;
        }

        var (best, worst) = lowerIsBetter ? (IntervalLow, IntervalHigh) : (2 - IntervalHigh, 2 - IntervalLow);
        return worst <= 1 + tolerance ? RatioVerdict.Within
            : best > 1 + tolerance ? RatioVerdict.Beyond
            : RatioVerdict.Undecided;
    }

    /// <summary>Linear interpolation between the order statistics of <paramref name="sorted"/>.</summary>
    private static double Quantile(double[] sorted, double q)
    {
        var position = q * (sorted.Length - 1);
        var below = (int)Math.Floor(position);
        var above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + ((position - below) * (sorted[above] - sorted[below]));
    }
}
