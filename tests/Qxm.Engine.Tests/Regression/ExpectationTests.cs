using Qxm.Domain.Runs;
using Qxm.Engine.Regression;

namespace Qxm.Engine.Tests.Regression;

public sealed class ExpectationTests
{
    private static RunResult Result(params (string Bits, long Count)[] counts) =>
        new("r-test", (int)counts.Sum(c => c.Count), [new SweepPointResult(0, new Dictionary<string, double>(), counts.ToDictionary(c => c.Bits, c => c.Count))], 0, "hash");

    [Theory]
    [InlineData(0.5, 0.01, true)]
    [InlineData(0.45, 0.04, false)]
    [InlineData(0.45, 0.05, true)]
    public void OutcomeProbability_WithinTolerance_Passes(double expected, double tolerance, bool passes)
    {
        var outcome = new OutcomeProbability("00", expected, tolerance).Evaluate(Result(("00", 500), ("11", 500)));

        Assert.Equal(passes, outcome.Passed);
        Assert.Equal("P(00) = 0.5", outcome.Measured);
    }

    [Fact]
    public void DistributionDistance_IsHalfTheL1DistanceOverEveryOutcome()
    {
        // Measured {00: .6, 11: .3, 01: .1} against {00: .5, 11: .5}: (|.1| + |.2| + |.1|) / 2 = 0.2.
        var result = Result(("00", 600), ("11", 300), ("01", 100));

        Assert.Equal("TVD = 0.2", new DistributionDistance(new Dictionary<string, double> { ["00"] = 0.5, ["11"] = 0.5 }, 0.2).Evaluate(result).Measured);
        Assert.True(new DistributionDistance(new Dictionary<string, double> { ["00"] = 0.5, ["11"] = 0.5 }, 0.2).Evaluate(result).Passed);
        Assert.False(new DistributionDistance(new Dictionary<string, double> { ["00"] = 0.5, ["11"] = 0.5 }, 0.19).Evaluate(result).Passed);
    }

    [Fact]
    public void ParityExpectation_CountsOnlyTheBitsUnderZ()
    {
        var result = Result(("00", 250), ("01", 250), ("10", 100), ("11", 400));

        // <ZZ>: +.25 - .25 - .1 + .4 = .3; <ZI> (left bit): +.25 + .25 - .1 - .4 = 0; <IZ>: .25 - .25 + .1 - .4 = -.3.
        Assert.Equal("<ZZ> = 0.3", new ParityExpectation("ZZ", 0.29, 0.31).Evaluate(result).Measured);
        Assert.Equal("<ZI> = 0", new ParityExpectation("ZI", -0.01, 0.01).Evaluate(result).Measured);
        Assert.True(new ParityExpectation("IZ", -0.31, -0.29).Evaluate(result).Passed);
        Assert.False(new ParityExpectation("ZZZ", -1, 1).Evaluate(result).Passed);
    }

    [Fact]
    public void Expectation_PointBeyondTheSweep_FailsSayingSo()
    {
        var outcome = new OutcomeProbability("0", 1, 0, Point: 3).Evaluate(Result(("0", 10)));

        Assert.False(outcome.Passed);
        Assert.Equal("the run has 1 point(s), no point 3", outcome.Measured);
    }
}
