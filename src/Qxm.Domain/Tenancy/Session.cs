namespace Qxm.Domain.Tenancy;

/// <summary>A short exclusive hold of a backend by one tenant for iterative work: while it is active the tenant's runs on
/// the backend go first and other tenants' wait, except during another tenant's reservation. It ends when closed, at
/// its maximum duration, or after <see cref="Idle"/> without a run of its tenant dispatched to the backend.</summary>
public sealed record Session(string Id, string Tenant, string Backend, DateTimeOffset OpenedAt, TimeSpan Max, TimeSpan Idle)
{
    /// <summary>The last time a run of the session's tenant was dispatched to the backend (the opening, at first).</summary>
    public DateTimeOffset LastActivityAt { get; init; } = OpenedAt;

    /// <summary>The backend vendor's own session held for this one (IBM Quantum's session id); null where the backend has
    /// none, so the session holds qxm's queue only.</summary>
    public string? VendorSession { get; init; }

    /// <summary>When the vendor's session was closed; null while it is open (or there is none).</summary>
    public DateTimeOffset? VendorClosedAt { get; init; }

    /// <summary>When it was closed by its tenant; null while open or if it expired.</summary>
    public DateTimeOffset? ClosedAt { get; init; }

    /// <summary>When the session stops holding the backend unless closed earlier: at its maximum, or idle.</summary>
    public DateTimeOffset ExpiresAt => OpenedAt + Max < LastActivityAt + Idle ? OpenedAt + Max : LastActivityAt + Idle;

    /// <summary>When it ended (closed or expired), or null while it holds the backend at <paramref name="now"/>.</summary>
    public DateTimeOffset? EndedAt(DateTimeOffset now) =>
        ClosedAt is { } closed && closed < ExpiresAt ? closed : now >= ExpiresAt ? ExpiresAt : ClosedAt;

    public bool IsActiveAt(DateTimeOffset now) => OpenedAt <= now && EndedAt(now) is null;

    /// <summary>Why it ended, or null while active.</summary>
    public string? EndReason(DateTimeOffset now) => EndedAt(now) switch
    {
        null => null,
        var end when ClosedAt == end => "closed",
        var end when end == OpenedAt + Max => "maximum duration reached",
        _ => "idle",
    };

    /// <summary>As the scheduler sees it: an exclusive window from the opening to its end (or expiry).</summary>
    public Reservation AsWindow(DateTimeOffset now) => new(Id, Backend, Tenant, OpenedAt, EndedAt(now) ?? ExpiresAt);
}
