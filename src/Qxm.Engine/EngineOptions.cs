namespace Qxm.Engine;

/// <summary>Engine settings with their defaults; <see cref="Validate"/> runs at start-up.</summary>
public sealed record EngineOptions
{
    /// <summary>Concurrent runs executed by this process (1..256).</summary>
    public int Workers { get; init; } = 2;

    /// <summary>Runs whose results a worker may still be storing (artifact flush and result commit) while it computes the
    /// next (1..64): their flushes overlap, so the disk and the store's group commit take many at once, and a worker never
    /// holds more than this many computed results (docs/decisions/0039).</summary>
    public int TailsPerWorker { get; init; } = 8;

    /// <summary>How long a claim stays valid without a heartbeat (1 s..1 h).</summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Attempts before a run whose worker keeps dying fails (1..100).</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>How often an idle worker looks for work it was not signalled about (another process's, expired leases).</summary>
    public TimeSpan IdlePoll { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long an idempotency key holds its run; after it, the key may name a new submission (1 min..30 days).</summary>
    public TimeSpan IdempotencyKeyLifetime { get; init; } = TimeSpan.FromHours(24);

    /// <summary>The longest a run may execute (one attempt) before it is failed and its worker freed, for tenants that set
    /// none (1 s..7 days).</summary>
    public TimeSpan RunDeadline { get; init; } = TimeSpan.FromHours(6);

    /// <summary>Shots times sweep points one run may ask for, for tenants that set no lower limit.</summary>
    public long MaxShotsPerRun { get; init; } = 1_000_000_000;

    /// <summary>How old an artifact a refused submission left must be before retention deletes it: longer than any
    /// submission takes from putting its circuit to committing its run (1 min..30 days).</summary>
    public TimeSpan OrphanGrace { get; init; } = TimeSpan.FromHours(1);

    /// <summary>How long a backend must be unavailable (its circuit breaker open or probing) before its queued runs with
    /// approved alternatives fail over to them (1 s..1 day).</summary>
    public TimeSpan FailoverAfter { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How often the server runs retention.</summary>
    public TimeSpan RetentionInterval { get; init; } = TimeSpan.FromMinutes(10);

    public void Validate()
    {
        if (Workers is < 1 or > 256)
        {
            throw new ArgumentOutOfRangeException(nameof(Workers), Workers, "workers must be between 1 and 256");
        }

        if (TailsPerWorker is < 1 or > 64)
        {
            throw new ArgumentOutOfRangeException(nameof(TailsPerWorker), TailsPerWorker, "tails per worker must be between 1 and 64");
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

        if (IdempotencyKeyLifetime < TimeSpan.FromMinutes(1) || IdempotencyKeyLifetime > TimeSpan.FromDays(30))
        {
            throw new ArgumentOutOfRangeException(nameof(IdempotencyKeyLifetime), IdempotencyKeyLifetime, "the idempotency key lifetime must be between 1 min and 30 days");
        }

        if (RunDeadline < TimeSpan.FromSeconds(1) || RunDeadline > TimeSpan.FromDays(7))
        {
            throw new ArgumentOutOfRangeException(nameof(RunDeadline), RunDeadline, "the run deadline must be between 1 s and 7 days");
        }

        if (MaxShotsPerRun < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxShotsPerRun), MaxShotsPerRun, "the shots per run limit must be positive");
        }

        if (FailoverAfter < TimeSpan.FromSeconds(1) || FailoverAfter > TimeSpan.FromDays(1))
        {
            throw new ArgumentOutOfRangeException(nameof(FailoverAfter), FailoverAfter, "the failover threshold must be between 1 s and 1 day");
        }

        if (OrphanGrace < TimeSpan.FromMinutes(1) || OrphanGrace > TimeSpan.FromDays(30) || RetentionInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(OrphanGrace), OrphanGrace, "the orphan grace must be between 1 min and 30 days, and the retention interval positive");
        }
    }
}
