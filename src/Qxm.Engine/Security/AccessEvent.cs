namespace Qxm.Engine.Security;

/// <summary>A security-relevant event: a refusal, or a change to the keys. Never carries a secret.</summary>
/// <param name="Action">What was attempted, e.g. <c>runs.cancel</c>, <c>keys.create</c>.</param>
/// <param name="Principal">Who acted; <c>anonymous</c> when unauthenticated.</param>
/// <param name="Target">The object acted on (a run, reservation or key id), when there is one.</param>
public sealed record AccessEvent(
    AccessEventKind Kind, string Action, string Principal, string? Tenant, string? Target, string? Reason, DateTimeOffset At);
