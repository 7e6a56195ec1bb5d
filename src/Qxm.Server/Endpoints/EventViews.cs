using System.Text.Json;
using Qxm.Client.Wire;
using Qxm.Engine.Events;

namespace Qxm.Server.Endpoints;

/// <summary>How the server shows an event of its log to clients (<see cref="EventView"/>, the wire record the clients own).</summary>
public static class EventViews
{
    extension(EventView)
    {
        /// <summary>The event as clients read it: states in the API's camelCase, an alert's data as JSON.</summary>
        public static EventView Of(QxmEvent e)
        {
            ArgumentNullException.ThrowIfNull(e);
            return new(e.Sequence, e.Kind, e.At, e.RunId, e.Tenant, e.Backend, Camel(e.From), Camel(e.To), e.Actor, e.Reason,
                e.Data is null ? null : JsonSerializer.Deserialize<JsonElement>(e.Data));
        }
    }

    private static string? Camel(string? state) => string.IsNullOrEmpty(state) ? state : char.ToLowerInvariant(state[0]) + state[1..];
}
