namespace Qxm.Engine.Scheduling;

/// <summary>Each tenant's recent use of a backend, decaying exponentially with the configured half-life.
/// Stored as (value, as-of time) per tenant and decayed on read, so recording is O(1).</summary>
public sealed class UsageLedger
{
    private readonly Dictionary<string, (double Value, DateTimeOffset AsOf)> _usage = new(StringComparer.Ordinal);
    private readonly double _halfLifeSeconds;

    public UsageLedger(TimeSpan halfLife) => _halfLifeSeconds = halfLife.TotalSeconds;

    public void Record(string tenant, double amount, DateTimeOffset now) => _usage[tenant] = (Usage(tenant, now) + amount, now);

    public double Usage(string tenant, DateTimeOffset now)
    {
        if (!_usage.TryGetValue(tenant, out var entry))
        {
            return 0;
        }

        var elapsed = Math.Max(0, (now - entry.AsOf).TotalSeconds);
        return entry.Value * Math.Pow(2, -elapsed / _halfLifeSeconds);
    }

    public UsageLedger Copy()
    {
        var copy = new UsageLedger(TimeSpan.FromSeconds(_halfLifeSeconds));
        foreach (var (tenant, entry) in _usage)
        {
            copy._usage[tenant] = entry;
        }

        return copy;
    }
}
