using Qxm.Backends.Registry;
using Qxm.Domain.Tenancy;
using Qxm.Engine.Persistence;

namespace Qxm.Engine.Loops;

/// <summary>Opens and closes backend sessions. A session is exclusive per backend (the store checks it), ends by itself
/// at its maximum or idle limit (computed from its stored times, so a restart changes nothing), and the dispatcher
/// sees a change at once in this process, within its resync period elsewhere.</summary>
public sealed class SessionService(ISessionStore store, IBackendRegistry backends, TimeProvider time, Action changed)
{
    public static readonly TimeSpan DefaultMax = TimeSpan.FromMinutes(30);
    public static readonly TimeSpan DefaultIdle = TimeSpan.FromMinutes(2);
    public static readonly TimeSpan LongestMax = TimeSpan.FromHours(8);
    public static readonly TimeSpan ShortestLimit = TimeSpan.FromSeconds(1);

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

        if (!backends.TryGet(backend, out _))
        {
            return new SessionOutcome(null, $"unknown backend '{backend}'");
        }

        var session = new Session("s-" + Guid.NewGuid().ToString("N")[..16], tenant, backend, time.GetUtcNow(), hold, quiet);
        if (await store.TryOpenSessionAsync(session, cancellationToken) is { } holder)
        {
            return new SessionOutcome(null, $"backend '{backend}' is held by session {holder.Id} until {holder.ExpiresAt:u} at the latest", holder);
        }

        changed();
        return new SessionOutcome(session);
    }

    /// <summary>The session if <paramref name="tenant"/> may see it (its own; null tenant for an admin), with its state now.</summary>
    public async Task<SessionView?> GetAsync(string sessionId, string? tenant, CancellationToken cancellationToken) =>
        await store.GetSessionAsync(sessionId, cancellationToken) is { } session && (tenant is null || session.Tenant == tenant)
            ? SessionView.Of(session, time.GetUtcNow())
            : null;

    /// <summary>Closes the tenant's session; null when there is no such session of the tenant.</summary>
    public async Task<SessionView?> CloseAsync(string sessionId, string? tenant, CancellationToken cancellationToken)
    {
        if (await GetAsync(sessionId, tenant, cancellationToken) is null)
        {
            return null;
        }

        await store.CloseSessionAsync(sessionId, time.GetUtcNow(), cancellationToken);
        changed();
        return await GetAsync(sessionId, tenant, cancellationToken);
    }
}
