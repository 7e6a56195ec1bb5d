using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Qxm.Engine.Events;
using Qxm.Server.Endpoints;
using Qxm.Server.Json;
using Qxm.Server.Tests.Support;

namespace Qxm.Server.Tests.Telemetry;

public sealed class WebhookTests
{
    [Fact]
    public async Task Webhook_RunStateChanges_DeliveredSignedInOrderRetriedAfterAFailureAndLogged()
    {
        using var receiver = new AlertReceiver(attempt => attempt == 1 ? HttpStatusCode.ServiceUnavailable : HttpStatusCode.OK);
        await using var server = await RunningServer.StartAsync(configure: o => o with { WebhookRetryBase = TimeSpan.FromMilliseconds(50) });
        using var create = await server.Client.PostAsJsonAsync("/api/v1/webhooks", new { url = receiver.Url, kinds = new[] { "run.state" } });
        Assert.Equal(HttpStatusCode.Created, create.StatusCode);
        var webhook = (await create.Content.ReadFromJsonAsync<WebhookCreated>(ApiJson.Options))!;
        var run = await server.SubmitAcceptedAsync(Experiments.Json(Experiments.BellCircuit, shots: 10), "application/json");
        var verifier = new WebhookVerifier(webhook.Secret, TimeProvider.System);

        var changes = new List<string>();
        var raw = new List<(string Body, string Signature, string EventId)>();
        while (changes.LastOrDefault() != "running>succeeded")
        {
            var (body, text, headers) = await receiver.NextRawAsync(TimeSpan.FromSeconds(60));
            var signature = headers[WebhookSignature.Header]!;
            var eventId = headers[WebhookSignature.EventIdHeader]!;
            Assert.Equal(WebhookVerdict.Valid, verifier.Verify(signature, eventId, Encoding.UTF8.GetBytes(text)));
            Assert.Equal(run.Id, body.GetProperty("runId").GetString());
            Assert.Equal(webhook.Id, headers[WebhookSignature.WebhookIdHeader]);
            changes.Add($"{body.GetProperty("from").GetString()}>{body.GetProperty("to").GetString()}");
            raw.Add((text, signature, eventId));
        }

        Assert.Equal(["submitted>validated", "validated>queued", "queued>running", "running>succeeded"], changes);

        // The same delivery again is a replay; a changed body or a wrong secret does not verify.
        var (firstBody, firstSignature, firstId) = raw[0];
        Assert.Equal(WebhookVerdict.Replayed, verifier.Verify(firstSignature, firstId, Encoding.UTF8.GetBytes(firstBody)));
        Assert.Equal(WebhookVerdict.BadSignature, new WebhookVerifier(webhook.Secret, TimeProvider.System)
            .Verify(firstSignature, firstId, Encoding.UTF8.GetBytes(firstBody.Replace("validated", "cancelled", StringComparison.Ordinal))));
        Assert.Equal(WebhookVerdict.BadSignature, new WebhookVerifier("another secret", TimeProvider.System)
            .Verify(firstSignature, firstId, Encoding.UTF8.GetBytes(firstBody)));

        // The first attempt was refused by the receiver and retried: the log shows both.
        var deliveries = await Eventually.WaitForAsync(
            async () => (await server.Client.GetFromJsonAsync<List<WebhookDelivery>>($"/api/v1/webhooks/{webhook.Id}/deliveries", ApiJson.Options))!,
            d => d.Count(x => x.Outcome == "delivered") == 4,
            "four delivered events in the log");
        var firstEvent = deliveries.Where(d => d.EventSequence == long.Parse(firstId, System.Globalization.CultureInfo.InvariantCulture)).OrderBy(d => d.Attempt).ToList();
        Assert.Equal([("failed", 1, (int?)503), ("delivered", 2, (int?)200)], firstEvent.Select(d => (d.Outcome, d.Attempt, d.StatusCode)));

        // Listed without its secret; another tenant has no such webhook.
        var listed = await server.Client.GetStringAsync("/api/v1/webhooks");
        Assert.Contains(webhook.Id, listed, StringComparison.Ordinal);
        Assert.DoesNotContain(webhook.Secret, listed, StringComparison.Ordinal);
        using var other = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/webhooks/{webhook.Id}/deliveries");
        other.Headers.Add("X-Qxm-Tenant", "someone-else");
        Assert.Equal(HttpStatusCode.NotFound, (await server.Client.SendAsync(other)).StatusCode);
    }

    [Fact]
    public void Verifier_SignatureOutsideTolerance_IsStale()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 6, 12, 0, 0, TimeSpan.Zero));
        var body = "{\"sequence\":1}"u8.ToArray();
        var signature = WebhookSignature.Sign("s3cret", clock.GetUtcNow(), body);
        var verifier = new WebhookVerifier("s3cret", clock);

        clock.Advance(TimeSpan.FromMinutes(6));

        Assert.Equal(WebhookVerdict.Stale, verifier.Verify(signature, "1", body));
        Assert.Equal(WebhookVerdict.Malformed, verifier.Verify("v1=abc", "1", body));
    }

    [Fact]
    public async Task Webhook_BadUrl_Is400Problem()
    {
        await using var server = await RunningServer.StartAsync(runWorkers: false);

        using var response = await server.Client.PostAsJsonAsync("/api/v1/webhooks", new { url = "ftp://example.invalid/hook" });

        var problem = await Problem.ReadAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("http", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Alerts_FromAlertmanager_BecomeAlertEventsOnTheStream()
    {
        await using var server = await RunningServer.StartAsync(runWorkers: false);
        const string Payload = """
            {"version":"4","status":"firing","alerts":[{"status":"firing","labels":{"alertname":"QxmRunSuccessFastBurn","backend":"fake.ion25","severity":"page"},"annotations":{"runbook_url":"docs/runbooks/slo-fast-burn.md"}}]}
            """;

        using var response = await server.Client.PostAsync("/api/v1/alerts", new StringContent(Payload, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var stream = await server.Client.GetStringAsync("/api/v1/events?follow=false&backend=fake.ion25");
        Assert.Contains("event: alert", stream, StringComparison.Ordinal);
        Assert.Contains("QxmRunSuccessFastBurn firing", stream, StringComparison.Ordinal);
    }
}
