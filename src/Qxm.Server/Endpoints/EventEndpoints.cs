using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;
using Microsoft.Net.Http.Headers;
using Qxm.Client.Wire;
using Qxm.Engine.Diagnostics;
using Qxm.Engine.Events;
using Qxm.Domain.Security;
using Qxm.Engine.Security;
using Qxm.Server.Composition;
using Qxm.Server.Json;
using Qxm.Server.Problems;
using Qxm.Server.Security;

namespace Qxm.Server.Endpoints;

/// <summary><c>/api/v1/events</c>: the global event log as server-sent events, filtered by run, tenant and backend, and
/// resumable: each event's <c>id</c> is its sequence, so a client reconnecting with <c>Last-Event-ID</c> gets exactly
/// the events after the last one it saw, whichever instance it reconnects to.</summary>
internal static class EventEndpoints
{
    public const string Path = "/api/v1/events";

    /// <summary>How often a follower with nothing new looks again; the store is the only channel between instances.</summary>
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    /// <summary>A comment line this often keeps proxies from closing an idle stream.</summary>
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    private const int Batch = 1000;

    public static IEndpointRouteBuilder MapEventEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, StreamAsync)
            .WithTags("events")
            .WithName("streamEvents")
            .WithSummary("Server-sent events of run state changes (and alerts), oldest first; resume with Last-Event-ID. " +
                "tenant defaults to the X-Qxm-Tenant header's ('*' for every tenant). " +
                "follow (default: true when the request accepts text/event-stream) false ends the stream once the events so far are sent; format=json answers them as one JSON array instead (at most 1000).")
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .RequirePermission(Permission.Read)
            // A follower stays as long as it likes: the per-request timeout would cut every stream after 30 s. The stream
            // ends when the client goes or the server stops.
            .DisableRequestTimeout();
        return app;
    }

    private static async Task<Results<EmptyHttpResult, ProblemHttpResult>> StreamAsync(
        HttpContext context, QxmRuntime runtime, IHostApplicationLifetime lifetime, string? run, string? tenant, string? backend, long? after, bool? follow,
        string? format, CancellationToken cancellationToken)
    {
        var cursor = after ?? 0;
        var lastEventId = context.Request.Headers["Last-Event-ID"].ToString();
        if (!string.IsNullOrEmpty(lastEventId))
        {
            if (!long.TryParse(lastEventId, NumberStyles.None, CultureInfo.InvariantCulture, out cursor))
            {
                return RunProblems.InvalidQuery($"Last-Event-ID '{lastEventId}' is not an event number");
            }
        }

        if (cursor < 0)
        {
            return RunProblems.InvalidQuery("after must not be negative");
        }

        // Like every endpoint, the stream acts for the caller's tenant; another tenant, or every one ("*"), takes the right
        // to see every tenant.
        var caller = context.Caller();
        var scope = Blank(tenant) ?? caller.Tenant;
        if (scope != caller.Tenant && AccessPolicy.Decide(caller, Permission.ManageTenants) != AccessDecision.Allow)
        {
            return SecurityProblems.Forbidden($"following tenant '{scope}' needs the right to see every tenant");
        }

        var filter = new EventFilter(Blank(run), scope == "*" ? null : scope, Blank(backend));

        // An EventSource (Accept: text/event-stream) follows by default; any other client gets what is there and an end.
        follow ??= context.Request.Headers.Accept.ToString().Contains("text/event-stream", StringComparison.OrdinalIgnoreCase);
        if (format is not null)
        {
            if (format != "json")
            {
                return RunProblems.InvalidQuery($"format '{format}' is not 'json' (leave it out for server-sent events)");
            }

            // A finite read for tools that cannot follow a stream (a dashboard's table of one run's changes).
            var list = await runtime.Events.ReadEventsAsync(cursor, filter, Batch, cancellationToken);
            await context.Response.WriteAsJsonAsync(list.Select(EventView.Of), ApiJson.Options, cancellationToken);
            return TypedResults.Empty;
        }

        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        await response.Body.FlushAsync(cancellationToken);
        using var stream = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.ApplicationStopping);
        cancellationToken = stream.Token;
        QxmTelemetry.Events.Subscribers.Add(1);
        try
        {
            var quietSince = DateTime.UtcNow;
            while (!cancellationToken.IsCancellationRequested)
            {
                var events = await runtime.Events.ReadEventsAsync(cursor, filter, Batch, cancellationToken);
                if (events.Count > 0)
                {
                    await response.Body.WriteAsync(Encode(events), cancellationToken);
                    await response.Body.FlushAsync(cancellationToken);
                    cursor = events[^1].Sequence;
                    quietSince = DateTime.UtcNow;
                    continue;
                }

                if (follow == false)
                {
                    break;
                }

                if (DateTime.UtcNow - quietSince > KeepAlive)
                {
                    await response.Body.WriteAsync(": keep-alive\n\n"u8.ToArray(), cancellationToken);
                    await response.Body.FlushAsync(cancellationToken);
                    quietSince = DateTime.UtcNow;
                }

                await Task.Delay(Poll, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away, or the server is stopping: the stream simply ends.
        }
        finally
        {
            QxmTelemetry.Events.Subscribers.Add(-1);
        }

        return TypedResults.Empty;
    }

    private static byte[] Encode(IReadOnlyList<QxmEvent> events)
    {
        var text = new StringBuilder();
        foreach (var e in events)
        {
            text.Append("id: ").Append(e.Sequence.ToString(CultureInfo.InvariantCulture)).Append('\n')
                .Append("event: ").Append(e.Kind).Append('\n')
                .Append("data: ").Append(JsonSerializer.Serialize(EventView.Of(e), ApiJson.Options)).Append("\n\n");
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
