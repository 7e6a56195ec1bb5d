namespace Qxm.Server.Endpoints;

/// <summary>Request headers of the run endpoints, shared with clients.</summary>
public static class RunEndpointHeaders
{
    /// <summary>Names the tenant a submission belongs to (until authentication decides it); absent means the default tenant.</summary>
    public const string Tenant = "X-Qxm-Tenant";

    /// <summary>A client's key for one submission: the same key returns the same run.</summary>
    public const string IdempotencyKey = "Idempotency-Key";
}
