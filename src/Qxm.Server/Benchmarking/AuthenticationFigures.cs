namespace Qxm.Server.Benchmarking;

/// <summary>Durable submissions per second on SQLite without and with API-key authentication, each the mean of
/// <paramref name="Rounds"/> alternating rounds of <paramref name="SubmissionsPerRound"/>; the rounds' own rates beside.</summary>
public sealed record AuthenticationFigures(
    double WithoutPerSecond, double WithPerSecond, int Rounds, int SubmissionsPerRound, IReadOnlyList<double> WithoutRounds, IReadOnlyList<double> WithRounds)
{
    /// <summary>The fraction of throughput authentication costs: one minus the median of each round's ratio (with keys over
    /// without), since the two halves of a round ran back to back and a shared machine's drift between rounds cancels in
    /// the ratio. Negative when the authenticated rounds were faster.</summary>
    public double Cost
    {
        get
        {
            var ratios = WithRounds.Zip(WithoutRounds, (with, without) => without > 0 ? with / without : 1).Order().ToList();
            if (ratios.Count == 0)
            {
                return 0;
            }

            var middle = ratios.Count / 2;
            return 1 - (ratios.Count % 2 == 1 ? ratios[middle] : (ratios[middle - 1] + ratios[middle]) / 2);
        }
    }
}
