using Qxm.Cli.Profiling;

namespace Qxm.Server.Tests.Cli.Profiling;

public sealed class RatioSpreadTests
{
    [Fact]
    public void Of_TightRatios_MedianQuartilesAndAnIntervalInsideTheirRange()
    {
        var spread = RatioSpread.Of([1.01, 0.99, 1.02, 1.00, 0.98, 1.03, 1.01, 0.97, 1.00, 1.02]);

        Assert.Equal(1.005, spread.Median, 6);
        Assert.Equal(0.9925, spread.LowerQuartile, 6);
        Assert.Equal(1.0175, spread.UpperQuartile, 6);
        Assert.InRange(spread.IntervalLow, 0.97, spread.Median);
        Assert.InRange(spread.IntervalHigh, spread.Median, 1.03);
        Assert.Equal(10, spread.Rounds);
    }

    [Fact]
    public void Of_SameRounds_SameInterval()
    {
        double[] ratios = [1.1, 0.9, 1.05, 0.95, 1.0, 1.2, 0.8];

        Assert.Equal(RatioSpread.Of(ratios), RatioSpread.Of(ratios));
    }

    [Theory]
    [InlineData(new[] { 1.01, 0.99, 1.02, 1.00, 0.98, 1.03, 1.01, 0.97, 1.00, 1.02 }, true, "Within")]
    [InlineData(new[] { 1.11, 1.09, 1.12, 1.10, 1.08, 1.13, 1.11, 1.07, 1.10, 1.12 }, true, "Beyond")]
    [InlineData(new[] { 0.80, 1.30, 0.90, 1.20, 1.00, 1.25, 0.85, 1.10, 0.95, 1.15 }, true, "Undecided")]
    [InlineData(new[] { 1.01, 0.99, 1.00 }, true, "TooFewRounds")]
    [InlineData(new[] { 0.99, 1.01, 0.98, 1.00, 1.02, 0.97, 0.99, 1.03, 1.00, 0.98 }, false, "Within")]
    [InlineData(new[] { 0.89, 0.91, 0.88, 0.90, 0.92, 0.87, 0.89, 0.93, 0.90, 0.88 }, false, "Beyond")]
    [InlineData(new[] { 1.06, 1.08, 1.07, 1.10, 1.09, 1.06, 1.07, 1.08, 1.09, 1.06 }, false, "Within")]
    public void Against_FivePercent_SaysWhatTheIntervalShows(double[] ratios, bool lowerIsBetter, string expected) =>
        Assert.Equal(Enum.Parse<RatioVerdict>(expected), RatioSpread.Of(ratios).Against(0.05, lowerIsBetter));
}
