using Qxm.Simulation.Sampling;

namespace Qxm.Simulation.Tests.Sampling;

public class CumulativeDistributionTests
{
    [Fact]
    public void Sample_ZeroWeights_AreNeverDrawn()
    {
        var distribution = new CumulativeDistribution([0, 0.5, 0, 0, 0.5, 0]);
        var rng = new Xoshiro256StarStar(1);

        var drawn = Enumerable.Range(0, 10_000).Select(_ => distribution.Sample(rng)).ToHashSet();

        Assert.Equal([1, 4], drawn.Order());
    }

    [Fact]
    public void Sample_UnnormalisedWeights_FollowsProportions()
    {
        var distribution = new CumulativeDistribution([1, 3]);
        var rng = new Xoshiro256StarStar(2);

        var ones = Enumerable.Range(0, 40_000).Count(_ => distribution.Sample(rng) == 1);

        Assert.InRange(ones / 40_000.0, 0.74, 0.76);
    }
}
