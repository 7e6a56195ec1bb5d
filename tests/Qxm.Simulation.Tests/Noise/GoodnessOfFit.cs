namespace Qxm.Simulation.Tests.Noise;

/// <summary>Pearson's chi-square test at the 0.1% level against exact probabilities. Outcomes expected fewer than five
/// times are pooled into one bin, as the test's approximation needs. Seeds are fixed, so a pass is deterministic.</summary>
internal static class GoodnessOfFit
{
    public static void AssertFits(IReadOnlyDictionary<string, double> probabilities, IReadOnlyDictionary<string, long> counts)
    {
        var shots = counts.Values.Sum();
        Assert.All(counts.Keys, k => Assert.True(probabilities.ContainsKey(k), $"impossible outcome {k}"));
        var statistic = 0.0;
        var bins = 0;
        var (pooledExpected, pooledObserved) = (0.0, 0L);
        foreach (var (key, p) in probabilities)
        {
            var expected = p * shots;
            var observed = counts.GetValueOrDefault(key);
            if (expected < 5)
            {
                pooledExpected += expected;
                pooledObserved += observed;
                continue;
            }

            statistic += (observed - expected) * (observed - expected) / expected;
            bins++;
        }

        if (pooledExpected > 0)
        {
            statistic += (pooledObserved - pooledExpected) * (pooledObserved - pooledExpected) / pooledExpected;
            bins++;
        }

        var df = Math.Max(1, bins - 1);
        // Wilson-Hilferty approximation of the chi-square 0.999 quantile.
        var a = 2.0 / (9 * df);
        var critical = df * Math.Pow(1 - a + (3.09 * Math.Sqrt(a)), 3);
        Assert.True(statistic < critical, $"chi-square {statistic:F2} exceeds {critical:F2} (df {df})");
    }
}
