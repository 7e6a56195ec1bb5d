using Qxm.Engine.Loops;

namespace Qxm.Engine.Api;

/// <summary>Backend sessions of the acting tenant, embedded or over <c>/api/v1/sessions</c> alike.</summary>
public interface ISessionService
{
    Task<SessionOutcome> OpenSessionAsync(string backend, TimeSpan? max, TimeSpan? idle, CancellationToken cancellationToken);

    Task<SessionView?> GetSessionAsync(string sessionId, CancellationToken cancellationToken);

    Task<SessionView?> CloseSessionAsync(string sessionId, CancellationToken cancellationToken);
}
