using Qxm.Simulation.StateVector.Engine;

namespace Qxm.Simulation.Tests.StateVector.Engine;

public class BlockSizeTests
{
    [Theory]
    [InlineData(null, 2, 512 << 10)]
    [InlineData(32L << 20, 2, 4 << 20)]
    [InlineData(32L << 20, 8, 1 << 20)]
    [InlineData(24L << 20, 4, 1 << 20)]
    [InlineData(8L << 20, 16, 512 << 10)]
    [InlineData(256L << 20, 1, 4 << 20)]
    public void ChooseBlockBufferBytes_QuarterOfTheCachePerCore_PowerOfTwoWithinBounds(long? cache, int processors, long expected)
    {
        Assert.Equal(expected, StateVectorEngine.ChooseBlockBufferBytes(cache, processors));
    }

    [Theory]
    [InlineData("32768K\n", 32L << 20)]
    [InlineData("1M", 1L << 20)]
    [InlineData("65536", 65536L)]
    [InlineData("lots", null)]
    [InlineData("-5K", null)]
    public void Parse_SysfsCacheSizes(string text, long? expected)
    {
        Assert.Equal(expected, CacheInfo.Parse(text));
    }
}
