namespace Qxm.Engine.Reproduction;

/// <summary>Whether two count tables of one sweep point could come from the same distribution: Pearson's chi-square
/// test of homogeneity on the 2 x k table, outcomes expected fewer than <see cref="MinExpected"/> times in either run
/// merged into one bin first (the approximation needs it), and the total variation distance between the two empirical
/// distributions with an upper confidence bound (Bretagnolle-Huber-Carol: each empirical distribution is within
/// sqrt((k ln 2 + ln(2/alpha)) / 2n) of its own in total variation, with probability 1 - alpha/2).</summary>
internal static class TwoSampleTest
{
    public const double MinExpected = 5;

    public static PointComparison Compare(int index, IReadOnlyDictionary<string, long> first, IReadOnlyDictionary<string, long> second, double alpha, double tolerance)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        long n1 = first.Values.Sum(), n2 = second.Values.Sum();
        var outcomes = first.Keys.Union(second.Keys).Order(StringComparer.Ordinal).ToArray();
        var tvd = 0.5 * outcomes.Sum(o => Math.Abs((first.GetValueOrDefault(o) / (double)n1) - (second.GetValueOrDefault(o) / (double)n2)));
        var k = Math.Max(1, outcomes.Length);
        var bound = Deviation(k, n1, alpha) + Deviation(k, n2, alpha);
        var (statistic, degrees) = HomogeneityStatistic(outcomes, first, second, n1, n2);
        var pValue = degrees == 0 ? 1.0 : ChiSquare.UpperTail(statistic, degrees);
        var verdict = pValue < alpha ? ReproduceVerdict.Inconsistent
            : tvd + bound > tolerance ? ReproduceVerdict.Inconclusive
            : ReproduceVerdict.Consistent;
        return new PointComparison(index, n1, n2, tvd, Math.Min(1, tvd + bound), statistic, degrees, pValue, verdict);
    }

    private static double Deviation(int k, long n, double alpha) => Math.Sqrt(((k * Math.Log(2)) + Math.Log(2 / alpha)) / (2.0 * n));

    private static (double Statistic, int Degrees) HomogeneityStatistic(
        string[] outcomes, IReadOnlyDictionary<string, long> first, IReadOnlyDictionary<string, long> second, long n1, long n2)
    {
        var total = (double)(n1 + n2);
        var bins = new List<(double A, double B)>();
        double mergedA = 0, mergedB = 0;
        foreach (var outcome in outcomes)
        {
            double a = first.GetValueOrDefault(outcome), b = second.GetValueOrDefault(outcome);
            var column = a + b;
            if (column * n1 / total < MinExpected || column * n2 / total < MinExpected)
            {
                mergedA += a;
                mergedB += b;
            }
            else
            {
                bins.Add((a, b));
            }
        }

        if (mergedA + mergedB > 0)
        {
            bins.Add((mergedA, mergedB));
        }

        if (bins.Count < 2)
        {
            return (0, 0);
        }

        var statistic = 0.0;
        foreach (var (a, b) in bins)
        {
            var column = a + b;
            double ea = column * n1 / total, eb = column * n2 / total;
            statistic += ((a - ea) * (a - ea) / ea) + ((b - eb) * (b - eb) / eb);
        }

        return (statistic, bins.Count - 1);
    }
}
