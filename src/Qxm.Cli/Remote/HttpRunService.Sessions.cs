using System.Net;
using System.Net.Http.Json;
using Qxm.Engine.Api;
using Qxm.Engine.Loops;
using Qxm.Server.Endpoints;
using Qxm.Server.Json;

namespace Qxm.Cli.Remote;

/// <summary><see cref="ISessionService"/> over <c>/api/v1/sessions</c>.</summary>
internal sealed partial class HttpRunService : ISessionService
{
    private const string Sessions = "api/v1/sessions";

    public async Task<SessionOutcome> OpenSessionAsync(string backend, TimeSpan? max, TimeSpan? idle, CancellationToken cancellationToken)
    {
        var body = new SessionBody(backend, max?.TotalSeconds, idle?.TotalSeconds);
        using var response = await SendAsync(
            () => new HttpRequestMessage(HttpMethod.Post, Sessions) { Content = JsonContent.Create(body, options: ApiJson.Options) }, cancellationToken);
        if (response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Conflict)
        {
            var problem = await ReadProblemAsync(response, cancellationToken);
            return new SessionOutcome(null, problem.Detail);
        }

        return new SessionOutcome((await ReadAsync<SessionView>(response, cancellationToken)).Session);
    }

    public async Task<SessionView?> GetSessionAsync(string sessionId, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, $"{Sessions}/{Uri.EscapeDataString(sessionId)}"), cancellationToken);
        return response.StatusCode == HttpStatusCode.NotFound ? null : await ReadAsync<SessionView>(response, cancellationToken);
    }

    public async Task<SessionView?> CloseSessionAsync(string sessionId, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Delete, $"{Sessions}/{Uri.EscapeDataString(sessionId)}"), cancellationToken);
        return response.StatusCode == HttpStatusCode.NotFound ? null : await ReadAsync<SessionView>(response, cancellationToken);
    }
}
