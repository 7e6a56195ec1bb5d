namespace Qxm.Engine.Events;

/// <summary>One attempt to deliver one event to one webhook. Outcome: delivered, failed (retried later) or abandoned.</summary>
public sealed record WebhookDelivery(
    string WebhookId, long EventSequence, int Attempt, DateTimeOffset At, string Outcome, int? StatusCode, string? Error, TimeSpan Duration);
