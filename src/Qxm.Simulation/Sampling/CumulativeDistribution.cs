namespace Qxm.Simulation.Sampling;

/// <summary>Draws indices with probability proportional to non-negative weights by binary search over
/// running sums. Weights need not sum to exactly one: rounding in the state's norm is absorbed by
/// scaling draws to the total. Zero-weight entries are never drawn.</summary>
internal sealed class CumulativeDistribution
{
    private readonly double[] _cumulative;

    /// <summary>Takes ownership of <paramref name="weights"/> and overwrites it with running sums.</summary>
    public CumulativeDistribution(double[] weights)
    {
        var sum = 0.0;
        for (var i = 0; i < weights.Length; i++)
        {
            sum += weights[i];
            weights[i] = sum;
        }

        _cumulative = weights;
        Total = sum;
    }

    public double Total { get; }

    public int Sample(Xoshiro256StarStar rng)
    {
        var target = rng.NextDouble() * Total;
        if (target >= Total)
        {
            // Rounding of the product can reach the total; stay strictly below so a positive weight is hit.
            target = Math.BitDecrement(Total);
        }

        var cumulative = _cumulative;

        // The first index whose running sum exceeds the target.
        int lo = 0, hi = cumulative.Length - 1;
        while (lo < hi)
        {
            var mid = (int)((uint)(lo + hi) >> 1);
            if (cumulative[mid] > target)
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }

        return lo;
    }
}
