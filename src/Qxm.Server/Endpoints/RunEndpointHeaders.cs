namespace Qxm.Server.Endpoints;

/// <summary>Request headers of the run endpoints, shared with clients.</summary>
public static class RunEndpointHeaders
{
    /// <summary>Picks which of the caller's own tenants a request acts in; absent means its first. Naming any other tenant is refused (403).</summary>
    public const string Tenant = "X-Qxm-Tenant";

    /// <summary>A client's key for one submission: the same key returns the same run.</summary>
    public const string IdempotencyKey = "Idempotency-Key";
}
