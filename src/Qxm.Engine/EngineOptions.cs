namespace Qxm.Engine;

/// <summary>Engine settings with their defaults; <see cref="Validate"/> runs at start-up.</summary>
public sealed record EngineOptions
{
    /// <summary>Concurrent runs executed by this process (1..256).</summary>
    public int Workers { get; init; } = 2;

    /// <summary>How long a claim stays valid without a heartbeat (1 s..1 h).</summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Attempts before a run whose worker keeps dying fails (1..100).</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>How often an idle worker looks for work it was not signalled about (another process's, expired leases).</summary>
    public TimeSpan IdlePoll { get; init; } = TimeSpan.FromSeconds(1);

    public void Validate()
    {
        if (Workers is < 1 or > 256)
        {
            throw new ArgumentOutOfRangeException(nameof(Workers), Workers, "workers must be between 1 and 256");
        }

        if (Lease < TimeSpan.FromSeconds(1) || Lease > TimeSpan.FromHours(1))
        {
            throw new ArgumentOutOfRangeException(nameof(Lease), Lease, "lease must be between 1 s and 1 h");
        }

        if (MaxAttempts is < 1 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxAttempts), MaxAttempts, "max attempts must be between 1 and 100");
        }

        if (IdlePoll <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(IdlePoll), IdlePoll, "idle poll must be positive");
        }
    }
}
