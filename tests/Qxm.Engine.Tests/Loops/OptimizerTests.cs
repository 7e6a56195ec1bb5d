using Qxm.Domain.Loops;
using Qxm.Engine.Loops;

namespace Qxm.Engine.Tests.Loops;

public sealed class OptimizerTests
{
    private static double Bowl(double[] x) => Math.Pow(x[0] - 1, 2) + (3 * Math.Pow(x[1] + 0.5, 2)) + 2;

    [Fact]
    public void NelderMead_Bowl_ConvergesToTheMinimum()
    {
        var (points, values) = Drive(new OptimizeSettings("f", [new("a", 0), new("b", 0)]) { Tolerance = 1e-12, Step = 0.5 }, Bowl, 1000);

        Assert.True(points.Count < 1000, "did not converge");
        Assert.Equal(2, values.Min(), 9);
        var best = points[values.IndexOf(values.Min())];
        Assert.Equal(1, best[0], 4);
        Assert.Equal(-0.5, best[1], 4);
    }

    [Fact]
    public void ParameterShift_Cosine_FollowsTheExactGradient()
    {
        // f = cos(a) + cos(b): the parameter-shift rule is exact for it; the minimum is at a = b = pi.
        var (points, values) = Drive(
            new OptimizeSettings("f", [new("a", 0.5), new("b", -2.5)]) { Method = OptimizerMethod.Gradient, Step = 0.5, Tolerance = 1e-8 },
            x => Math.Cos(x[0]) + Math.Cos(x[1]), 3000);

        Assert.True(points.Count < 3000, "did not converge");
        Assert.Equal(-2, values.Min(), 9);
        // The first gradient is (-sin 0.5, -sin -2.5); one step of 0.5 along it lands exactly here.
        Assert.Equal(0.5 + (0.5 * Math.Sin(0.5)), points[5][0], 12);
        Assert.Equal(-2.5 + (0.5 * Math.Sin(-2.5)), points[5][1], 12);
    }

    [Fact]
    public void Spsa_NoisyBowl_GetsNearTheMinimum()
    {
        var noise = new Random(5);
        var (points, _) = Drive(
            new OptimizeSettings("f", [new("a", 3), new("b", 2)]) { Method = OptimizerMethod.Spsa, Step = 0.3, Seed = 9 },
            x => Bowl(x) + ((noise.NextDouble() - 0.5) * 0.01), 600);

        // Each step evaluates theta + c delta and theta - c delta: their midpoint is where SPSA stands.
        double[] last = [(points[^1][0] + points[^2][0]) / 2, (points[^1][1] + points[^2][1]) / 2];
        Assert.True(Bowl(last) < 2.01, $"SPSA ended at ({last[0]}, {last[1]}), f = {Bowl(last)}");
    }

    [Theory]
    [InlineData(OptimizerMethod.NelderMead)]
    [InlineData(OptimizerMethod.Spsa)]
    [InlineData(OptimizerMethod.Gradient)]
    public void Points_ToldTheSameValues_AreTheSameSequence(OptimizerMethod method)
    {
        var settings = new OptimizeSettings("f", [new("a", 0.3), new("b", 0.1)]) { Method = method, Seed = 77 };
        var noise = new Random(1);
        var (first, values) = Drive(settings, x => Bowl(x) + noise.NextDouble(), 80);

        var replayed = new List<double[]>();
        var optimizer = Optimizer.For(settings);
        foreach (var point in optimizer.Points().Take(80))
        {
            replayed.Add(point);
            optimizer.Tell(values[replayed.Count - 1]);
        }

        Assert.Equal(first.Count, replayed.Count);
        for (var i = 0; i < first.Count; i++)
        {
            Assert.Equal(first[i], replayed[i]);
        }
    }

    private static (List<double[]> Points, List<double> Values) Drive(OptimizeSettings settings, Func<double[], double> f, int limit)
    {
        var points = new List<double[]>();
        var values = new List<double>();
        var optimizer = Optimizer.For(settings);
        foreach (var point in optimizer.Points().Take(limit))
        {
            points.Add((double[])point.Clone());
            values.Add(f(point));
            optimizer.Tell(values[^1]);
        }

        return (points, values);
    }
}
