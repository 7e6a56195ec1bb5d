namespace Qxm.Engine.Events;

/// <summary>Which events a follower wants; null fields match everything. An event without a tenant (an alert) matches any
/// tenant filter, so every tenant hears about the installation's alerts.</summary>
public sealed record EventFilter(string? RunId = null, string? Tenant = null, string? Backend = null)
{
    public static EventFilter All { get; } = new();
}
