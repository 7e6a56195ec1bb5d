namespace Qxm.Engine.Events;

/// <summary>A tenant's subscription: events of <paramref name="Kinds"/> are POSTed to <paramref name="Url"/>, signed with
/// <paramref name="Secret"/>. <paramref name="Cursor"/> is the last event handled (delivered or given up on).</summary>
public sealed record Webhook(string Id, string Tenant, Uri Url, string Secret, IReadOnlyList<string> Kinds, DateTimeOffset CreatedAt, long Cursor);
