using Qxm.Client.Errors;
using Qxm.Engine.Api;
using Qxm.Engine.Loops;
using Qxm.Server.Endpoints;

namespace Qxm.Cli.Remote;

/// <summary><see cref="ISessionService"/> over <c>/api/v1/sessions</c>.</summary>
internal sealed partial class HttpRunService : ISessionService
{
    private const string Sessions = "api/v1/sessions";

    public async Task<SessionOutcome> OpenSessionAsync(string backend, TimeSpan? max, TimeSpan? idle, CancellationToken cancellationToken)
    {
        try
        {
            var view = await _client.SendAsync<SessionView>(HttpMethod.Post, Sessions, new SessionBody(backend, max?.TotalSeconds, idle?.TotalSeconds), cancellationToken);
            return new SessionOutcome(view.Session);
        }
        catch (QxmApiException e) when (e.Kind is ApiErrorKind.Invalid or ApiErrorKind.Conflict)
        {
            return new SessionOutcome(null, e.Problem.Detail);
        }
        catch (QxmApiException e) when (e.Kind is ApiErrorKind.Unavailable && string.Equals(e.Problem.Type, Qxm.Client.Wire.ProblemTypes.VendorSessionUnavailable, StringComparison.Ordinal))
        {
            return new SessionOutcome(null, e.Problem.Detail) { VendorFailed = true };
        }
    }

    public async Task<SessionView?> GetSessionAsync(string sessionId, CancellationToken cancellationToken) =>
        await FoundAsync(_client.SendAsync<SessionView>(HttpMethod.Get, $"{Sessions}/{Uri.EscapeDataString(sessionId)}", null, cancellationToken));

    public async Task<SessionView?> CloseSessionAsync(string sessionId, CancellationToken cancellationToken) =>
        await FoundAsync(_client.SendAsync<SessionView>(HttpMethod.Delete, $"{Sessions}/{Uri.EscapeDataString(sessionId)}", null, cancellationToken));
}
