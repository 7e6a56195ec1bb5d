using Qxm.Simulation.Sampling;

namespace Qxm.Simulation.Tests.Sampling;

public class Xoshiro256StarStarTests
{
    [Fact]
    public void NextUInt64_ReferenceState_MatchesReferenceOutputs()
    {
        // The first outputs of the authors' C implementation started from state {1, 2, 3, 4}.
        var rng = new Xoshiro256StarStar(1, 2, 3, 4);

        Assert.Equal(11520UL, rng.NextUInt64());
        Assert.Equal(0UL, rng.NextUInt64());
        Assert.Equal(1509978240UL, rng.NextUInt64());
        Assert.Equal(1215971899390074240UL, rng.NextUInt64());
    }

    [Fact]
    public void SplitMix64_SeedZero_MatchesReferenceOutputs()
    {
        var seeder = new SplitMix64(0);

        Assert.Equal(0xE220A8397B1DCDAFUL, seeder.Next());
        Assert.Equal(0x6E789E6AA1B965F4UL, seeder.Next());
    }

    [Fact]
    public void NextDouble_SameSeed_SameSequence()
    {
        var a = new Xoshiro256StarStar(42);
        var b = new Xoshiro256StarStar(42);

        Assert.Equal(Enumerable.Range(0, 100).Select(_ => a.NextDouble()), Enumerable.Range(0, 100).Select(_ => b.NextDouble()));
    }

    [Fact]
    public void NextDouble_ManyDraws_StayInUnitIntervalWithMeanOneHalf()
    {
        var rng = new Xoshiro256StarStar(7);
        var draws = Enumerable.Range(0, 100_000).Select(_ => rng.NextDouble()).ToArray();

        Assert.All(draws, d => Assert.InRange(d, 0.0, 0.9999999999999999));
        Assert.InRange(draws.Average(), 0.495, 0.505);
    }

    [Fact]
    public void ForStream_NeighbouringStreams_Differ()
    {
        Assert.NotEqual(Xoshiro256StarStar.ForStream(1, 0).NextUInt64(), Xoshiro256StarStar.ForStream(1, 1).NextUInt64());
        Assert.NotEqual(Xoshiro256StarStar.ForStream(1, 0).NextUInt64(), Xoshiro256StarStar.ForStream(2, 0).NextUInt64());
    }
}
