using System.Collections.Concurrent;
using Qxm.Backends.Contract;

namespace Qxm.Backends.Devices;

/// <summary>Decides, call by call, whether a fake device's call fails and how, from its <see cref="FaultPlan"/>, and
/// counts calls and injected faults per idempotency key so tests can hold qxm to what the faults force.</summary>
internal sealed class FaultInjector(FaultPlan plan, TimeProvider time)
{
    private readonly DateTimeOffset _start = time.GetUtcNow();
    private readonly ConcurrentDictionary<string, int> _callIndex = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, FakeCallCounts> _counts = new(StringComparer.Ordinal);
    private int _callsOnToken;

    /// <summary>Counts the call; throws its injected fault, if any, except for timeouts and bad answers, which the
    /// caller plays out (a timeout may come after the work was done).</summary>
    public InjectedFault Enter(string operation, string subject, string key, bool faultable)
    {
        _counts.AddOrUpdate(key, _ => new FakeCallCounts(1, 0, 0), (_, c) => c with { Calls = c.Calls + 1 });
        if (plan.AuthExpiredEvery > 0 && Interlocked.Increment(ref _callsOnToken) > plan.AuthExpiredEvery)
        {
            Fault(key);
            throw new BackendException(BackendErrorKind.AuthExpired, "the access token expired");
        }

        var elapsed = (time.GetUtcNow() - _start).TotalSeconds;
        if (plan.Outages.FirstOrDefault(o => elapsed >= o.AfterSeconds && elapsed < o.AfterSeconds + o.ForSeconds) is { } outage)
        {
            Fault(key);
            throw new BackendException(BackendErrorKind.DeviceUnavailable, $"the device is down for maintenance until {outage.AfterSeconds + outage.ForSeconds:0} s after start");
        }

        if (!faultable)
        {
            return InjectedFault.None;
        }

        var index = _callIndex.AddOrUpdate($"{operation}\n{subject}", 0, (_, n) => n + 1);
        var draw = Draw(operation, subject, index, 0);
        if (draw < plan.RateLimitedProbability)
        {
            Fault(key);
            throw new BackendException(BackendErrorKind.RateLimited, "too many requests", TimeSpan.FromSeconds(plan.RetryAfterSeconds));
        }

        draw -= plan.RateLimitedProbability;
        if (draw < plan.TransientProbability)
        {
            Fault(key);
            throw new BackendException(BackendErrorKind.Transient, "503 service unavailable");
        }

        draw -= plan.TransientProbability;
        if (draw < plan.TimeoutProbability)
        {
            Fault(key);
            return InjectedFault.Timeout;
        }

        if (operation == "result" && Draw(operation, subject, index, 1) < plan.MalformedResultProbability)
        {
            Fault(key);
            return (InjectedFault)((int)InjectedFault.MalformedJson + (int)(Draw(operation, subject, index, 2) * 5));
        }

        return InjectedFault.None;
    }

    public void RefreshCredentials() => Interlocked.Exchange(ref _callsOnToken, 0);

    public TimeSpan TimeoutDelay => TimeSpan.FromSeconds(plan.TimeoutSeconds);

    public FakeCallCounts Counts(string key) => _counts.GetValueOrDefault(key, new FakeCallCounts(0, 0, 0));

    private void Fault(string key) => _counts.AddOrUpdate(key, _ => new FakeCallCounts(1, 1, 0), (_, c) => c with { Faults = c.Faults + 1 });

    /// <summary>A uniform number in [0, 1) from the plan's seed and the call: FNV-1a over the call, then SplitMix64.</summary>
    private double Draw(string operation, string subject, int index, int stream)
    {
        var hash = 14695981039346656037UL ^ plan.Seed;
        foreach (var c in $"{operation}\n{subject}\n{index}\n{stream}")
        {
            hash = unchecked((hash ^ c) * 1099511628211UL);
        }

        hash = unchecked(hash + 0x9E3779B97F4A7C15UL);
        hash = unchecked((hash ^ (hash >> 30)) * 0xBF58476D1CE4E5B9UL);
        hash = unchecked((hash ^ (hash >> 27)) * 0x94D049BB133111EBUL);
        hash ^= hash >> 31;
        return (hash >> 11) * (1.0 / (1UL << 53));
    }
}
