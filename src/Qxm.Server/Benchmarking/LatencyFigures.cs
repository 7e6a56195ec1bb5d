namespace Qxm.Server.Benchmarking;

public sealed record LatencyFigures(double P50Milliseconds, double P99Milliseconds, double MaxMilliseconds)
{
    /// <summary>How many samples the figures summarise.</summary>
    public int Samples { get; init; }

    public static LatencyFigures Of(IReadOnlyList<double> milliseconds)
    {
        ArgumentNullException.ThrowIfNull(milliseconds);
        if (milliseconds.Count == 0)
        {
            return new LatencyFigures(0, 0, 0);
        }

        var sorted = milliseconds.Order().ToArray();
        return new LatencyFigures(Percentile(sorted, 0.50), Percentile(sorted, 0.99), sorted[^1]) { Samples = sorted.Length };
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
