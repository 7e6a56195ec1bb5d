namespace Qxm.Domain.Backends;

/// <summary>A backend's availability as this instance sees it, since when, and why.</summary>
public sealed record BackendHealth(BackendAvailability State, DateTimeOffset Since, string? Reason)
{
    public static readonly BackendHealth Unknown = new(BackendAvailability.Online, DateTimeOffset.MinValue, null);
}
