using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Qxm.Engine.Tests.Vendors.Ibm;

/// <summary>Qiskit Runtime sessions as IBM documents them: <c>POST /sessions</c> (backend, mode dedicated or batch,
/// max_ttl in seconds up to 8 h), <c>GET</c> one, <c>PATCH</c> with <c>accepting_jobs: false</c> to close it (jobs already
/// in it finish), <c>DELETE /sessions/{id}/close</c> to cancel it; unknown sessions are 404 "unknown session". A job
/// naming a session is refused when the session is unknown (404), on another backend, closed, cancelled or past its
/// max_ttl (400): nothing is made.</summary>
internal sealed partial class FakeIbmServer
{
    private const int LongestSessionSeconds = 8 * 60 * 60;

    private readonly ConcurrentDictionary<string, FakeIbmSession> _sessions = new(StringComparer.Ordinal);

    public IReadOnlyCollection<FakeIbmSession> Sessions => [.. _sessions.Values];

    /// <summary>While set, job creations wait here (after their checks, before the job is made); <see cref="SubmitHeld"/>
    /// completes when the first arrives.</summary>
    public TaskCompletionSource? HoldSubmits { get; set; }

    public TaskCompletionSource SubmitHeld { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Jobs made in each session.</summary>
    public IReadOnlyDictionary<string, int> JobsPerSession() =>
        _jobs.Values.Where(j => j.SessionId is not null).GroupBy(j => j.SessionId!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    private void MapSessions(RouteGroupBuilder api)
    {
        api.MapPost("/sessions", OpenSessionAsync);
        api.MapGet("/sessions/{id}", (string id) => _sessions.TryGetValue(id, out var session) ? Results.Json(DescribeSession(session)) : UnknownSession());
        api.MapPatch("/sessions/{id}", PatchSessionAsync);
        api.MapDelete("/sessions/{id}/close", (string id) =>
        {
            if (!_sessions.TryGetValue(id, out var session))
            {
                return UnknownSession();
            }

            _sessions[id] = session with { Cancelled = true, AcceptingJobs = false };
            return Results.NoContent();
        });
    }

    private async Task<IResult> OpenSessionAsync(HttpRequest request)
    {
        if (await ReadObjectAsync(request) is not { } body)
        {
            return Error(400, "invalid_json", "The request body must be a JSON object");
        }

        if ((string?)body["backend"] != Device)
        {
            return Error(400, "backend_not_found", $"backend {(string?)body["backend"]} is not available to this instance");
        }

        var mode = (string?)body["mode"] ?? "dedicated";
        if (mode is not ("dedicated" or "batch"))
        {
            return Error(400, "invalid_mode", "mode must be dedicated or batch");
        }

        if (body["instance"] is { } instance && (string?)instance != Instance)
        {
            return Error(400, "invalid_instance", "instance must be the service instance of the Service-CRN header");
        }

        var ttl = body["max_ttl"] is JsonValue value && value.TryGetValue<int>(out var seconds) ? seconds : LongestSessionSeconds;
        if (ttl is < 1 or > LongestSessionSeconds)
        {
            return Error(400, "invalid_max_ttl", $"max_ttl must be between 1 and {LongestSessionSeconds} seconds");
        }

        var session = new FakeIbmSession("s" + Guid.NewGuid().ToString("N")[..19], Device, mode, ttl, _clock.GetUtcNow());
        _sessions[session.Id] = session;
        return Results.Json(DescribeSession(session));
    }

    private async Task<IResult> PatchSessionAsync(string id, HttpRequest request)
    {
        if (!_sessions.TryGetValue(id, out var session))
        {
            return UnknownSession();
        }

        if (await ReadObjectAsync(request) is not { } body || body["accepting_jobs"] is not JsonValue accepting || !accepting.TryGetValue<bool>(out var accepts))
        {
            return Error(400, "invalid_request", "The body must set accepting_jobs");
        }

        if (accepts && !session.AcceptingJobs)
        {
            return Error(400, "session_closed", $"Session {id} was closed and cannot be reopened");
        }

        _sessions[id] = session with { AcceptingJobs = accepts };
        return Results.NoContent();
    }

    /// <summary>Why a job naming the session is refused, or null when the session takes it.</summary>
    private IResult? RefuseInSession(string sessionId)
    {
        if (!_sessions.TryGetValue(sessionId, out var session))
        {
            return UnknownSession();
        }

        if (!session.IsOpenAt(_clock.GetUtcNow()) || !session.AcceptingJobs)
        {
            return Error(400, "session_closed", $"Session {sessionId} is closed and accepts no more jobs");
        }

        return null;
    }

    private JsonObject DescribeSession(FakeIbmSession session) => new()
    {
        ["id"] = session.Id, ["backend_name"] = session.Backend, ["mode"] = session.Mode, ["max_time"] = session.MaxTtlSeconds,
        ["state"] = session.IsOpenAt(_clock.GetUtcNow()) && session.AcceptingJobs ? "open" : "closed",
        ["accepting_jobs"] = session.AcceptingJobs, ["created_at"] = session.Created.ToString("O", CultureInfo.InvariantCulture),
    };

    private static IResult UnknownSession() => Error(404, "not_found", "unknown session");

    private static async Task<JsonObject?> ReadObjectAsync(HttpRequest request)
    {
        try
        {
            return JsonNode.Parse(await new StreamReader(request.Body, Encoding.UTF8).ReadToEndAsync()) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
