using Qxm.Engine.Api;

namespace Qxm.Engine.Loops;

/// <summary>One tenant's view of the <see cref="SessionService"/>: what the CLI uses embedded.</summary>
public sealed class TenantSessions(SessionService sessions, string tenant) : ISessionService
{
    public Task<SessionOutcome> OpenSessionAsync(string backend, TimeSpan? max, TimeSpan? idle, CancellationToken cancellationToken) =>
        sessions.OpenAsync(tenant, backend, max, idle, cancellationToken);

    public Task<SessionView?> GetSessionAsync(string sessionId, CancellationToken cancellationToken) => sessions.GetAsync(sessionId, tenant, cancellationToken);

    public Task<SessionView?> CloseSessionAsync(string sessionId, CancellationToken cancellationToken) => sessions.CloseAsync(sessionId, tenant, cancellationToken);
}
