namespace Qxm.Engine.Resilience;

/// <summary>How qxm rides out a backend's failures (docs/backends.md); <see cref="Validate"/> runs at start-up.</summary>
public sealed record ResilienceOptions
{
    /// <summary>How long one call to a backend may take before it counts as a transient failure (100 ms..10 min).</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Retries of one call on a retryable kind before the run waits and tries the call again (0..20).</summary>
    public int MaxRetries { get; init; } = 6;

    /// <summary>The first delay of the jittered exponential backoff on transient failures.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest backoff delay.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The share of failed calls (transient, timeout, device unavailable) in the sampling window that opens the breaker (0..1].</summary>
    public double BreakerFailureRatio { get; init; } = 0.5;

    /// <summary>Calls in the window before the breaker may open.</summary>
    public int BreakerMinimumThroughput { get; init; } = 10;

    public TimeSpan BreakerSamplingDuration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an open breaker refuses calls before it lets a probe through.</summary>
    public TimeSpan BreakDuration { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long after its submission a run may keep retrying before it fails (1 s..30 days).</summary>
    public TimeSpan RunDeadline { get; init; } = TimeSpan.FromHours(24);

    /// <summary>The shortest wait between two status polls of a remote job.</summary>
    public TimeSpan MinPollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between two status polls when the backend gives no estimate.</summary>
    public TimeSpan MaxPollInterval { get; init; } = TimeSpan.FromSeconds(30);

    public void Validate()
    {
        Check(AttemptTimeout >= TimeSpan.FromMilliseconds(100) && AttemptTimeout <= TimeSpan.FromMinutes(10), nameof(AttemptTimeout), "between 100 ms and 10 min");
        Check(MaxRetries is >= 0 and <= 20, nameof(MaxRetries), "between 0 and 20");
        Check(RetryDelay > TimeSpan.Zero && MaxRetryDelay >= RetryDelay, nameof(RetryDelay), "positive and at most MaxRetryDelay");
        Check(BreakerFailureRatio is > 0 and <= 1, nameof(BreakerFailureRatio), "in (0, 1]");
        Check(BreakerMinimumThroughput >= 2, nameof(BreakerMinimumThroughput), "at least 2");
        Check(BreakerSamplingDuration >= TimeSpan.FromMilliseconds(500), nameof(BreakerSamplingDuration), "at least 500 ms");
        Check(BreakDuration >= TimeSpan.FromMilliseconds(500), nameof(BreakDuration), "at least 500 ms");
        Check(RunDeadline >= TimeSpan.FromSeconds(1) && RunDeadline <= TimeSpan.FromDays(30), nameof(RunDeadline), "between 1 s and 30 days");
        Check(MinPollInterval > TimeSpan.Zero && MaxPollInterval >= MinPollInterval, nameof(MinPollInterval), "positive and at most MaxPollInterval");
    }

    private static void Check(bool valid, string name, string rule)
    {
        if (!valid)
        {
            throw new ArgumentOutOfRangeException(name, $"{name} must be {rule}");
        }
    }
}
