namespace Qxm.Client.Wire;

/// <summary>The HTTP headers of the API that are qxm's own or that it gives a meaning.</summary>
public static class ApiHeaders
{
    /// <summary>Picks which of the caller's own tenants a request acts in; absent means its first. Naming any other tenant is refused (403).</summary>
    public const string Tenant = "X-Qxm-Tenant";

    /// <summary>A client's key for one submission: the same key and request return the same run for a while; the same key
    /// with another request is refused with 422.</summary>
    public const string IdempotencyKey = "Idempotency-Key";

    /// <summary>Names the client program. Bodiless state changes (cancel, delete) must carry it, Authorization, or another
    /// <c>X-Qxm-</c> header, which no HTML form or simple cross-site request can send.</summary>
    public const string Client = "X-Qxm-Client";

    /// <summary>Response header, <c>true</c> when a submission returned the run an earlier one with the same key created.</summary>
    public const string IdempotentReplayed = "Idempotent-Replayed";

    /// <summary>Response header of a run listing that has a next page: the opaque cursor to pass back as <c>cursor</c>.</summary>
    public const string NextCursor = "X-Qxm-Next-Cursor";

    /// <summary>Request header of the event stream: the last event a client saw, to resume after it.</summary>
    public const string LastEventId = "Last-Event-ID";
}
