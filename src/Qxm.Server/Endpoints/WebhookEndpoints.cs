using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Qxm.Domain.Security;
using Qxm.Engine.Events;
using Qxm.Server.Composition;
using Qxm.Server.Problems;
using Qxm.Server.Security;

namespace Qxm.Server.Endpoints;

/// <summary><c>/api/v1/webhooks</c>: a tenant's webhooks and their delivery log; <c>/api/v1/alerts</c>: Alertmanager's
/// webhook receiver, turning its alerts into events that streams and webhooks carry.</summary>
internal static class WebhookEndpoints
{
    public const string Prefix = "/api/v1/webhooks";
    private static readonly string[] Kinds = [QxmEvent.RunStateKind, QxmEvent.AlertKind];

    public static IEndpointRouteBuilder MapWebhookEndpoints(this IEndpointRouteBuilder app)
    {
        var hooks = app.MapGroup(Prefix).WithTags("webhooks");
        hooks.MapPost("", CreateAsync)
            .WithName("createWebhook")
            .WithSummary("Subscribe a URL to the tenant's run state changes and alerts; the answer holds the signing secret, shown once.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .RequirePermission(Permission.Submit);
        hooks.MapGet("", ListAsync).WithName("listWebhooks").WithSummary("The tenant's webhooks (without secrets).").RequirePermission(Permission.Read);
        hooks.MapDelete("/{id}", DeleteAsync).WithName("deleteWebhook").WithSummary("Stop a webhook.").ProducesProblem(StatusCodes.Status404NotFound)
            .RequirePermission(Permission.Submit);
        hooks.MapGet("/{id}/deliveries", DeliveriesAsync)
            .WithName("listWebhookDeliveries")
            .WithSummary("A webhook's delivery attempts, newest first.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequirePermission(Permission.Read);
        app.MapPost("/api/v1/alerts", ReceiveAlertsAsync)
            .WithTags("webhooks")
            .WithName("receiveAlerts")
            .WithSummary("Alertmanager's webhook receiver: each alert becomes an 'alert' event.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .RequirePermission(Permission.ManageTenants);
        return app;
    }

    private static async Task<Results<Created<WebhookCreated>, ProblemHttpResult>> CreateAsync(
        WebhookRequest request, HttpRequest http, QxmRuntime runtime, TimeProvider time, CancellationToken cancellationToken)
    {
        if (request.Url is not { IsAbsoluteUri: true } url || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            return RunProblems.InvalidQuery("url must be an absolute http or https URL");
        }

        var kinds = request.Kinds is { Count: > 0 } asked ? asked.Distinct(StringComparer.Ordinal).ToArray() : Kinds;
        if (kinds.FirstOrDefault(k => !Kinds.Contains(k)) is { } unknown)
        {
            return RunProblems.InvalidQuery($"kind '{unknown}' is not one of {string.Join(", ", Kinds)}");
        }

        var webhook = new Webhook("wh-" + Guid.CreateVersion7().ToString("N"), TenantOf(http), url, WebhookSignature.NewSecret(), kinds,
            time.GetUtcNow(), await runtime.Events.LatestEventSequenceAsync(cancellationToken));
        await runtime.Webhooks.CreateWebhookAsync(webhook, cancellationToken);
        return TypedResults.Created($"{Prefix}/{webhook.Id}", new WebhookCreated(webhook.Id, webhook.Tenant, webhook.Url, webhook.Kinds, webhook.CreatedAt, webhook.Secret));
    }

    private static async Task<Ok<IReadOnlyList<WebhookView>>> ListAsync(HttpRequest http, QxmRuntime runtime, CancellationToken cancellationToken) =>
        TypedResults.Ok<IReadOnlyList<WebhookView>>([.. (await runtime.Webhooks.ListWebhooksAsync(TenantOf(http), cancellationToken))
            .Select(w => new WebhookView(w.Id, w.Tenant, w.Url, w.Kinds, w.CreatedAt, w.Cursor))]);

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string id, HttpRequest http, QxmRuntime runtime, CancellationToken cancellationToken) =>
        await runtime.Webhooks.DeleteWebhookAsync(TenantOf(http), id, cancellationToken) ? TypedResults.NoContent() : NotFound(id);

    private static async Task<Results<Ok<IReadOnlyList<WebhookDelivery>>, ProblemHttpResult>> DeliveriesAsync(
        string id, int? limit, HttpRequest http, QxmRuntime runtime, CancellationToken cancellationToken)
    {
        var owned = await runtime.Webhooks.ListWebhooksAsync(TenantOf(http), cancellationToken);
        if (owned.All(w => w.Id != id))
        {
            return NotFound(id);
        }

        return TypedResults.Ok(await runtime.Webhooks.ListDeliveriesAsync(id, Math.Clamp(limit ?? 100, 1, 1000), cancellationToken));
    }

    private static async Task<Results<Accepted, ProblemHttpResult>> ReceiveAlertsAsync(
        JsonElement payload, QxmRuntime runtime, TimeProvider time, CancellationToken cancellationToken)
    {
        if (payload.ValueKind != JsonValueKind.Object || !payload.TryGetProperty("alerts", out var alerts) || alerts.ValueKind != JsonValueKind.Array)
        {
            return RunProblems.InvalidQuery("expected Alertmanager's webhook payload: an object with an 'alerts' array");
        }

        foreach (var alert in alerts.EnumerateArray())
        {
            var labels = alert.TryGetProperty("labels", out var l) && l.ValueKind == JsonValueKind.Object ? l : default;
            string? Label(string name) => labels.ValueKind == JsonValueKind.Object && labels.TryGetProperty(name, out var v) ? v.GetString() : null;
            var status = alert.TryGetProperty("status", out var s) ? s.GetString() : null;
            await runtime.Events.AppendEventAsync(
                new QxmEvent(0, QxmEvent.AlertKind, time.GetUtcNow(), Backend: Label("backend"), Actor: "alertmanager",
                    Reason: $"{Label("alertname")} {status}".Trim(), Data: alert.GetRawText()),
                cancellationToken);
        }

        return TypedResults.Accepted((string?)null);
    }

    /// <summary>The tenant the access middleware admitted the caller for.</summary>
    private static string TenantOf(HttpRequest http) => http.HttpContext.Caller().Tenant;

    private static ProblemHttpResult NotFound(string id) => TypedResults.Problem(
        detail: $"no webhook '{id}' for this tenant", statusCode: StatusCodes.Status404NotFound, title: "Webhook not found", type: ProblemTypes.WebhookNotFound);
}

/// <param name="Kinds">Event kinds to deliver: run.state, alert (default both).</param>
public sealed record WebhookRequest(Uri? Url, IReadOnlyList<string>? Kinds);

/// <summary>A webhook as listed: the secret is never shown again after creation.</summary>
public sealed record WebhookView(string Id, string Tenant, Uri Url, IReadOnlyList<string> Kinds, DateTimeOffset CreatedAt, long Cursor);

/// <summary>A new webhook with its signing secret (shown only here).</summary>
public sealed record WebhookCreated(string Id, string Tenant, Uri Url, IReadOnlyList<string> Kinds, DateTimeOffset CreatedAt, string Secret);
