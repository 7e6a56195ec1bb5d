namespace Qxm.Engine.Scheduling;

/// <summary>Policy settings with their defaults.</summary>
public sealed record SchedulingOptions
{
    /// <summary>A waiting run rises one priority class per interval waited, so nothing starves (1 s..1 day).</summary>
    public TimeSpan AgingInterval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Past usage counts half as much after this long (1 s..30 days).</summary>
    public TimeSpan UsageHalfLife { get; init; } = TimeSpan.FromHours(1);

    /// <summary>What holding a backend in a session costs toward fair share, per second held, in the unit runs are
    /// charged in (shots): others cannot use the backend meanwhile, whether or not the holder runs anything (0..1e9).</summary>
    public double SessionShotsPerSecond { get; init; } = 1000;

    public void Validate()
    {
        if (SessionShotsPerSecond is < 0 or > 1e9 || double.IsNaN(SessionShotsPerSecond))
        {
            throw new ArgumentOutOfRangeException(nameof(SessionShotsPerSecond), SessionShotsPerSecond, "session charge must be between 0 and 1e9 shots per second");
        }

        if (AgingInterval < TimeSpan.FromSeconds(1) || AgingInterval > TimeSpan.FromDays(1))
        {
            throw new ArgumentOutOfRangeException(nameof(AgingInterval), AgingInterval, "aging interval must be between 1 s and 1 day");
        }

        if (UsageHalfLife < TimeSpan.FromSeconds(1) || UsageHalfLife > TimeSpan.FromDays(30))
        {
            throw new ArgumentOutOfRangeException(nameof(UsageHalfLife), UsageHalfLife, "usage half-life must be between 1 s and 30 days");
        }
    }
}
