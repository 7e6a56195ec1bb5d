namespace Qxm.Server.Benchmarking;

/// <summary>Durable submissions per second on SQLite without and with API-key authentication, each the mean of
/// <paramref name="Rounds"/> alternating rounds of <paramref name="SubmissionsPerRound"/>.</summary>
public sealed record AuthenticationFigures(double WithoutPerSecond, double WithPerSecond, int Rounds, int SubmissionsPerRound)
{
    /// <summary>The fraction of throughput authentication costs (negative when the authenticated rounds were faster).</summary>
    public double Cost => WithoutPerSecond > 0 ? 1 - WithPerSecond / WithoutPerSecond : 0;
}
