using Qxm.Engine.Events;

namespace Qxm.Engine.Persistence;

/// <summary>Tenants' webhooks, each with its cursor in the event log, and the log of their deliveries.</summary>
public interface IWebhookStore
{
    Task CreateWebhookAsync(Webhook webhook, CancellationToken cancellationToken);

    /// <summary>A tenant's live webhooks, or every tenant's when <paramref name="tenant"/> is null.</summary>
    Task<IReadOnlyList<Webhook>> ListWebhooksAsync(string? tenant, CancellationToken cancellationToken);

    /// <summary>False when the tenant has no such live webhook.</summary>
    Task<bool> DeleteWebhookAsync(string tenant, string id, CancellationToken cancellationToken);

    /// <summary>Moves a webhook's cursor forward (never back) past events it has handled.</summary>
    Task AdvanceWebhookAsync(string id, long cursor, CancellationToken cancellationToken);

    Task RecordDeliveryAsync(WebhookDelivery delivery, CancellationToken cancellationToken);

    /// <summary>A webhook's deliveries, newest first.</summary>
    Task<IReadOnlyList<WebhookDelivery>> ListDeliveriesAsync(string webhookId, int limit, CancellationToken cancellationToken);
}
