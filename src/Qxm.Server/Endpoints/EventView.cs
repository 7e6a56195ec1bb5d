using System.Text.Json;
using Qxm.Engine.Events;

namespace Qxm.Server.Endpoints;

/// <summary>An event as clients read it (the SSE data line and the webhook body): states in the API's camelCase, an
/// alert's data as JSON.</summary>
public sealed record EventView(
    long Sequence, string Kind, DateTimeOffset At, string? RunId, string? Tenant, string? Backend, string? From, string? To,
    string? Actor, string? Reason, JsonElement? Data)
{
    public static EventView Of(QxmEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new(e.Sequence, e.Kind, e.At, e.RunId, e.Tenant, e.Backend, Camel(e.From), Camel(e.To), e.Actor, e.Reason,
            e.Data is null ? null : JsonSerializer.Deserialize<JsonElement>(e.Data));
    }

    private static string? Camel(string? state) => string.IsNullOrEmpty(state) ? state : char.ToLowerInvariant(state[0]) + state[1..];
}
