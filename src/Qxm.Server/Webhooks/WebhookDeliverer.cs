using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Qxm.Client.Wire;
using Qxm.Engine.Diagnostics;
using Qxm.Engine.Events;
using Qxm.Server.Composition;
using Qxm.Server.Endpoints;
using Qxm.Server.Json;

namespace Qxm.Server.Webhooks;

/// <summary>Delivers each webhook's events in order, one at a time: a signed POST; a 2xx moves the webhook's cursor on; a
/// failure is retried with exponential backoff up to <see cref="MaxAttempts"/>, then abandoned (logged, cursor moved on).
/// Every attempt is in the delivery log. Delivery is at least once (a restart may resend the event in flight): receivers
/// drop an event id they have seen, which <see cref="WebhookVerifier"/> does.</summary>
internal sealed partial class WebhookDeliverer(QxmRuntime runtime, ServerOptions options, TimeProvider time, ILogger<WebhookDeliverer> logger) : BackgroundService
{
    public const int MaxAttempts = 8;
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(5);

    private readonly Dictionary<string, (int Attempts, DateTimeOffset NextAt)> _retries = new(StringComparer.Ordinal);
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public override void Dispose()
    {
        _http.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                foreach (var webhook in await runtime.Webhooks.ListWebhooksAsync(null, stoppingToken))
                {
                    await DeliverPendingAsync(webhook, stoppingToken);
                }

                await Task.Delay(Poll, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is System.Data.Common.DbException or IOException or InvalidOperationException)
            {
                LogStoreFailed(logger, e);
                await Task.Delay(Poll, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task DeliverPendingAsync(Webhook webhook, CancellationToken cancellationToken)
    {
        if (_retries.TryGetValue(webhook.Id, out var retry) && time.GetUtcNow() < retry.NextAt)
        {
            return;
        }

        var events = await runtime.Events.ReadEventsAsync(webhook.Cursor, new EventFilter(Tenant: webhook.Tenant), 100, cancellationToken);
        foreach (var e in events)
        {
            if (!webhook.Kinds.Contains(e.Kind))
            {
                await runtime.Webhooks.AdvanceWebhookAsync(webhook.Id, e.Sequence, cancellationToken);
                continue;
            }

            var attempt = (_retries.TryGetValue(webhook.Id, out var r) ? r.Attempts : 0) + 1;
            var (outcome, status, error, elapsed) = await PostAsync(webhook, e, cancellationToken);
            if (outcome == "failed" && attempt >= MaxAttempts)
            {
                outcome = "abandoned";
            }

            await runtime.Webhooks.RecordDeliveryAsync(
                new WebhookDelivery(webhook.Id, e.Sequence, attempt, time.GetUtcNow(), outcome, status, error, elapsed), cancellationToken);
            QxmTelemetry.Events.WebhookDeliveries.Add(1, new KeyValuePair<string, object?>(QxmTelemetry.Labels.Outcome, outcome));
            if (outcome == "failed")
            {
                var backoff = TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, options.WebhookRetryBase.Ticks << (attempt - 1)));
                _retries[webhook.Id] = (attempt, time.GetUtcNow() + backoff);
                return;
            }

            if (outcome == "abandoned")
            {
                LogAbandoned(logger, webhook.Id, e.Sequence, attempt, error ?? $"HTTP {status}");
            }

            _retries.Remove(webhook.Id);
            await runtime.Webhooks.AdvanceWebhookAsync(webhook.Id, e.Sequence, cancellationToken);
        }
    }

    private async Task<(string Outcome, int? Status, string? Error, TimeSpan Elapsed)> PostAsync(Webhook webhook, QxmEvent e, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(EventView.Of(e), ApiJson.Options);
        using var request = new HttpRequestMessage(HttpMethod.Post, webhook.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.Add(WebhookSignature.Header, WebhookSignature.Sign(webhook.Secret, time.GetUtcNow(), body));
        request.Headers.Add(WebhookSignature.EventIdHeader, e.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.WebhookIdHeader, webhook.Id);
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await _http.SendAsync(request, cancellationToken);
            var status = (int)response.StatusCode;
            return (response.IsSuccessStatusCode ? "delivered" : "failed", status, null, Stopwatch.GetElapsedTime(started));
        }
        catch (HttpRequestException ex)
        {
            return ("failed", null, ex.Message, Stopwatch.GetElapsedTime(started));
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ("failed", null, "timed out", Stopwatch.GetElapsedTime(started));
        }
    }

    [LoggerMessage(EventId = 300, Level = LogLevel.Warning, Message = "webhook {WebhookId} abandoned event {Sequence} after {Attempts} attempts: {Error}")]
    private static partial void LogAbandoned(ILogger logger, string webhookId, long sequence, int attempts, string error);

    [LoggerMessage(EventId = 301, Level = LogLevel.Warning, Message = "webhook delivery could not read the store; retrying")]
    private static partial void LogStoreFailed(ILogger logger, Exception exception);
}
