using Qxm.Engine.Tests.Vendors.IonQ;

namespace Qxm.Engine.Tests.Vendors;

/// <summary>The chaos plan's dice, one set per vendor contract fake: counts the calls the fake answers and the faults it
/// injects, and decides each call's fault from the plan, in this order: the outage window on the test's clock, an
/// expired credential every N calls, then by chance a rate limit, a transient error or a gateway timeout. Each fake
/// answers a fault as its vendor documents.</summary>
internal sealed class ChaosDice
{
    private readonly Lock _gate = new();
    private long _calls;
    private long _injected;
    private Random? _random;

    /// <summary>The seeded plan applied to every call; null for none.</summary>
    public FakeIonQChaos? Plan
    {
        get;
        set
        {
            lock (_gate)
            {
                field = value;
                _random = value is null ? null : new Random(value.Seed);
            }
        }
    }

    /// <summary>Calls answered, faults included.</summary>
    public long Calls => Interlocked.Read(ref _calls);

    /// <summary>Faults the plan injected so far.</summary>
    public long Injected => Interlocked.Read(ref _injected);

    /// <summary>Counts one call.</summary>
    public void Count() => Interlocked.Increment(ref _calls);

    /// <summary>How a vendor that speaks plain HTTP status codes answers a fault: 503 in an outage, 401 for an expired
    /// credential, 429 with Retry-After 1 s, 500, and 504 from the gateway; null for none.</summary>
    public static (int Status, int? RetryAfter)? HttpAnswer(ChaosFault fault) => fault switch
    {
        ChaosFault.Outage => (503, null),
        ChaosFault.CredentialExpired => (401, null),
        ChaosFault.RateLimited => (429, 1),
        ChaosFault.Transient => (500, null),
        ChaosFault.Timeout => (504, null),
        _ => null,
    };

    /// <summary>This call's fault at <paramref name="now"/>, counted when there is one.</summary>
    public ChaosFault Roll(DateTimeOffset now)
    {
        ChaosFault fault;
        lock (_gate)
        {
            if (Plan is not { } plan)
            {
                return ChaosFault.None;
            }

            if (now >= plan.OutageStart && now < plan.OutageStart + plan.OutageLength)
            {
                fault = ChaosFault.Outage;
            }
            else if (plan.AuthExpiredEvery > 0 && Calls % plan.AuthExpiredEvery == 0)
            {
                fault = ChaosFault.CredentialExpired;
            }
            else
            {
                var roll = _random!.NextDouble();
                fault = roll < plan.RateLimited ? ChaosFault.RateLimited
                    : roll < plan.RateLimited + plan.Transient ? ChaosFault.Transient
                    : roll < plan.RateLimited + plan.Transient + plan.Timeout ? ChaosFault.Timeout
                    : ChaosFault.None;
            }
        }

        if (fault != ChaosFault.None)
        {
            Interlocked.Increment(ref _injected);
        }

        return fault;
    }
}

/// <summary>What the chaos plan does to one call.</summary>
internal enum ChaosFault
{
    None,
    Outage,
    CredentialExpired,
    RateLimited,
    Transient,

    /// <summary>The gateway gives up after the vendor acted: a submit's job is made and its answer lost.</summary>
    Timeout,
}
