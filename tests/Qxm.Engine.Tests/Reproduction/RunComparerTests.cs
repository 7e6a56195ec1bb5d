using Qxm.Domain.Backends;
using Qxm.Domain.Runs;
using Qxm.Engine.Reproduction;

namespace Qxm.Engine.Tests.Reproduction;

/// <summary>The reproduce statistics on sampled counts: a rerun of the same noisy distribution passes at the documented
/// level in at least 99 % of 200 seeded trials, and a rerun under a changed noise model (readout error doubled) fails in
/// at least 99 %.</summary>
public sealed class RunComparerTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const int Shots = 10_000;
    private static readonly (string Bits, double P)[] Noisy = [("00", 0.47), ("01", 0.03), ("10", 0.03), ("11", 0.47)];
    private static readonly (string Bits, double P)[] ReadoutDoubled = [("00", 0.44), ("01", 0.06), ("10", 0.06), ("11", 0.44)];
    private static readonly CalibrationDifference NoCalibration = new(null, null, []);

    [Fact]
    public void Compare_SameNoisyDistribution_PassesInAtLeast99PercentOf200Trials()
    {
        var passed = Enumerable.Range(0, 200).Count(trial =>
            RunComparer.Compare(Result("a", Sample(Noisy, trial * 2)), Result("b", Sample(Noisy, (trial * 2) + 1)), NoCalibration).Verdict
                == ReproduceVerdict.Consistent);

        output.WriteLine($"{passed} of 200 consistent");
        Assert.True(passed >= 198, $"{passed} of 200 consistent");
    }

    [Fact]
    public void Compare_ChangedNoiseModel_FailsInAtLeast99PercentOf200Trials()
    {
        var failed = Enumerable.Range(0, 200).Count(trial =>
            RunComparer.Compare(Result("a", Sample(Noisy, trial * 2)), Result("b", Sample(ReadoutDoubled, (trial * 2) + 1)), NoCalibration).Verdict
                == ReproduceVerdict.Inconsistent);

        output.WriteLine($"{failed} of 200 inconsistent");
        Assert.True(failed >= 198, $"{failed} of 200 inconsistent");
    }

    [Fact]
    public void Compare_EqualCounts_IsIdentical_AndFewShots_IsInconclusive()
    {
        var counts = Sample(Noisy, 1);
        Assert.Equal(ReproduceVerdict.Identical, RunComparer.Compare(Result("a", counts), Result("b", new Dictionary<string, long>(counts)), NoCalibration).Verdict);

        var few = RunComparer.Compare(Result("a", Sample(Noisy, 2, shots: 20)), Result("b", Sample(Noisy, 3, shots: 20)), NoCalibration);
        Assert.Equal(ReproduceVerdict.Inconclusive, few.Verdict);
        Assert.True(few.Points[0].TotalVariationUpper > RunComparer.DefaultTolerance);
    }

    [Fact]
    public void Compare_SparseOutcomes_AreMergedBeforeTheTest()
    {
        var first = new Dictionary<string, long> { ["00"] = 995, ["01"] = 2, ["10"] = 3 };
        var second = new Dictionary<string, long> { ["00"] = 996, ["11"] = 4 };

        var point = RunComparer.Compare(Result("a", first), Result("b", second), NoCalibration).Points[0];

        Assert.Equal(1, point.DegreesOfFreedom);
        Assert.NotEqual(ReproduceVerdict.Inconsistent, point.Verdict);
    }

    [Theory]
    [InlineData(3.841459, 1, 0.05)]
    [InlineData(9.210340, 2, 0.01)]
    [InlineData(16.26624, 3, 0.001)]
    [InlineData(30.5779, 15, 0.01)]
    [InlineData(0.5, 4, 0.97350)]
    public void ChiSquare_UpperTail_MatchesTables(double statistic, int degrees, double expected) =>
        Assert.Equal(expected, ChiSquare.UpperTail(statistic, degrees), 4);

    [Fact]
    public void Changes_NamesEveryMeasurementThatMoved()
    {
        var at = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
        var before = new CalibrationSnapshot("fake.a", at, [new QubitCalibration(0, 100, 80, 0.02)], [new GateCalibration("cx", [0, 1], 0.01, 300)]);
        var after = before with { Qubits = [new QubitCalibration(0, 100, 80, 0.04)], Gates = [new GateCalibration("cx", [0, 1], 0.02, 300)] };

        Assert.Equal(["q0 readout error 0.02 -> 0.04", "cx(0,1) error 0.01 -> 0.02"], RunComparer.Changes(before, after));
        Assert.Empty(RunComparer.Changes(before, before));
    }

    private static RunResult Result(string id, IReadOnlyDictionary<string, long> counts) =>
        new(id, (int)counts.Values.Sum(), [new SweepPointResult(0, new Dictionary<string, double>(), counts)], 0, new string('a', 64));

    private static Dictionary<string, long> Sample((string Bits, double P)[] distribution, int seed, int shots = Shots)
    {
        var random = new Random(seed);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var shot = 0; shot < shots; shot++)
        {
            var u = random.NextDouble();
            var i = 0;
            for (var cumulative = distribution[0].P; u >= cumulative && i < distribution.Length - 1; cumulative += distribution[++i].P)
            {
            }

            counts[distribution[i].Bits] = counts.GetValueOrDefault(distribution[i].Bits) + 1;
        }

        return counts;
    }
}
