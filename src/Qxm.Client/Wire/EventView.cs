using System.Text.Json;

namespace Qxm.Client.Wire;

/// <summary>An event as clients read it (a data line of <c>/api/v1/events</c> and a webhook's body).</summary>
/// <param name="Sequence">The event's number in the server's log: resume after it with <c>Last-Event-ID</c>.</param>
/// <param name="Kind">What happened, e.g. <c>run.state</c> or an alert's kind.</param>
/// <param name="At">When the server recorded it.</param>
/// <param name="RunId">The run it is about, if any.</param>
/// <param name="Tenant">The run's tenant, if any.</param>
/// <param name="Backend">The backend it is about, if any.</param>
/// <param name="From">A state change's old state, in the API's camelCase.</param>
/// <param name="To">A state change's new state, in the API's camelCase.</param>
/// <param name="Actor">Who caused it, when a person or key did.</param>
/// <param name="Reason">Why, in words.</param>
/// <param name="Data">An alert's data, as JSON.</param>
public sealed record EventView(
    long Sequence, string Kind, DateTimeOffset At, string? RunId, string? Tenant, string? Backend, string? From, string? To,
    string? Actor, string? Reason, JsonElement? Data);
