using Qxm.Backends.Contract;
using Qxm.Backends.Registry;
using Qxm.Domain.Tenancy;
using Qxm.Engine.Persistence;

namespace Qxm.Engine.Loops;

/// <summary>Opens and closes backend sessions. A session is exclusive per backend (the store checks it), ends by itself
/// at its maximum or idle limit (computed from its stored times, so a restart changes nothing), and the dispatcher
/// sees a change at once in this process, within its resync period elsewhere. On a backend whose vendor has sessions
/// (<see cref="IVendorSessions"/>) it opens the vendor's as well, records its id on the session, and closes it when the
/// session is closed; one that ended by its maximum or idle time has its vendor session closed by
/// <see cref="CloseLapsedVendorSessionsAsync"/>, which a server calls periodically.</summary>
public sealed class SessionService(ISessionStore store, IBackendRegistry backends, TimeProvider time, Action changed)
{
    /// <summary>The adapter a tenant's calls go through (its own vendor credentials, decision 0026); none keeps the backend.</summary>
    public Func<IBackend, string, CancellationToken, Task<IBackend>>? ForTenant { get; init; }

    public static readonly TimeSpan DefaultMax = TimeSpan.FromMinutes(30);
    public static readonly TimeSpan DefaultIdle = TimeSpan.FromMinutes(2);
    public static readonly TimeSpan LongestMax = TimeSpan.FromHours(8);
    public static readonly TimeSpan ShortestLimit = TimeSpan.FromSeconds(1);

    /// <summary>Whether any backend's vendor has sessions (<see cref="IVendorSessions"/>): without one, no session can
    /// have a vendor session to close, and <see cref="CloseLapsedVendorSessionsAsync"/> need never be called.</summary>
    public bool HasVendorSessions => backends.All.Any(b => b is IVendorSessions);

    public async Task<SessionOutcome> OpenAsync(string tenant, string backend, TimeSpan? max, TimeSpan? idle, CancellationToken cancellationToken)
    {
        var hold = max ?? DefaultMax;
        var quiet = idle ?? DefaultIdle;
        if (hold < ShortestLimit || hold > LongestMax)
        {
            return new SessionOutcome(null, $"max must be between 1 s and 8 h, not {hold}");
        }

        if (quiet < ShortestLimit || quiet > hold)
        {
            return new SessionOutcome(null, $"idle must be between 1 s and the maximum ({hold}), not {quiet}");
        }

        if (!backends.TryGet(backend, out var adapter))
        {
            return new SessionOutcome(null, $"unknown backend '{backend}'");
        }

        var session = new Session("s-" + Guid.NewGuid().ToString("N")[..16], tenant, backend, time.GetUtcNow(), hold, quiet);
        if (await store.TryOpenSessionAsync(session, cancellationToken) is { } holder)
        {
            return new SessionOutcome(null, $"backend '{backend}' is held by session {holder.Id} until {holder.ExpiresAt:u} at the latest", holder);
        }

        // The backend is qxm's first (the store decided exclusivity), then the vendor's: a vendor that refuses leaves no hold.
        if (await VendorAsync(adapter, tenant, cancellationToken) is { } vendor)
        {
            string opened;
            try
            {
                opened = await vendor.OpenSessionAsync(hold, cancellationToken);
            }
            catch (BackendException e)
            {
                await store.CloseSessionAsync(session.Id, time.GetUtcNow(), CancellationToken.None);
                return new SessionOutcome(null, $"{backend}'s vendor did not open its session ({e.Kind}): {e.Message}") { VendorFailed = true };
            }

            await store.SetVendorSessionAsync(session.Id, opened, null, CancellationToken.None);
            session = session with { VendorSession = opened };
        }

        changed();
        return new SessionOutcome(session);
    }

    /// <summary>The session if <paramref name="tenant"/> may see it (its own; null tenant for an admin), with its state now.</summary>
    public async Task<SessionView?> GetAsync(string sessionId, string? tenant, CancellationToken cancellationToken) =>
        await VisibleAsync(sessionId, tenant, cancellationToken) is { } session ? SessionView.Of(session, time.GetUtcNow()) : null;

    /// <summary>Closes the tenant's session; null when there is no such session of the tenant.</summary>
    public async Task<SessionView?> CloseAsync(string sessionId, string? tenant, CancellationToken cancellationToken)
    {
        if (await VisibleAsync(sessionId, tenant, cancellationToken) is not { } session)
        {
            return null;
        }

        var now = StoredPrecision(time.GetUtcNow());
        // Read again only when another caller closed it between the read and the close: its time is the one that counts.
        session = await store.CloseSessionAsync(sessionId, now, cancellationToken)
            ? session with { ClosedAt = now }
            : await store.GetSessionAsync(sessionId, cancellationToken) ?? session;
        changed();
        if (session is { VendorSession: not null, VendorClosedAt: null } && await CloseVendorAsync(session, cancellationToken) is { } vendorClosed)
        {
            session = session with { VendorClosedAt = vendorClosed };
        }

        return SessionView.Of(session, now);
    }

    /// <summary>Closes the vendor sessions of sessions that ended (closed elsewhere, idle or at their maximum) while
    /// their vendor's stayed open; the number closed. A vendor that fails is asked again at the next call.</summary>
    public async Task<int> CloseLapsedVendorSessionsAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var closed = 0;
        // Every session that can have ended since the longest maximum, ended ones included.
        foreach (var session in await store.ListSessionsAsync(null, now - LongestMax, cancellationToken))
        {
            if (session is { VendorSession: not null, VendorClosedAt: null } && session.EndedAt(now) is not null
                && await CloseVendorAsync(session, cancellationToken) is not null)
            {
                closed++;
            }
        }

        return closed;
    }

    /// <summary>Closes the session's vendor session; when it was closed, null otherwise.</summary>
    private async Task<DateTimeOffset?> CloseVendorAsync(Session session, CancellationToken cancellationToken)
    {
        if (!backends.TryGet(session.Backend, out var adapter) || await VendorAsync(adapter, session.Tenant, cancellationToken) is not { } vendor)
        {
            return null;
        }

        try
        {
            await vendor.CloseSessionAsync(session.VendorSession!, cancellationToken);
        }
        catch (BackendException)
        {
            // Left open in the store: the next sweep asks again, and the vendor's own max_ttl bounds it meanwhile.
            return null;
        }

        var closedAt = StoredPrecision(time.GetUtcNow());
        return await store.SetVendorSessionAsync(session.Id, session.VendorSession!, closedAt, cancellationToken) ? closedAt : null;
    }

    /// <summary>The session if <paramref name="tenant"/> may see it: its own, or any for an admin (null tenant).</summary>
    private async Task<Session?> VisibleAsync(string sessionId, string? tenant, CancellationToken cancellationToken) =>
        await store.GetSessionAsync(sessionId, cancellationToken) is { } session && (tenant is null || session.Tenant == tenant) ? session : null;

    /// <summary>The store keeps milliseconds: a view built here says what a later read of the session says.</summary>
    private static DateTimeOffset StoredPrecision(DateTimeOffset at) => DateTimeOffset.FromUnixTimeMilliseconds(at.ToUnixTimeMilliseconds());

    private async Task<IVendorSessions?> VendorAsync(IBackend backend, string tenant, CancellationToken cancellationToken) =>
        (ForTenant is { } forTenant ? await forTenant(backend, tenant, cancellationToken) : backend) as IVendorSessions;
}
