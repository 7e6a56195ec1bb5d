using Qxm.Client.Wire;

namespace Qxm.Server.Endpoints;

/// <summary>Request headers of the run endpoints, as the server names them; their values are defined once, in
/// <see cref="ApiHeaders"/>, which clients send.</summary>
public static class RunEndpointHeaders
{
    /// <summary>Picks which of the caller's own tenants a request acts in; absent means its first. Naming any other tenant is refused (403).</summary>
    public const string Tenant = ApiHeaders.Tenant;

    /// <summary>A client's key for one submission: the same key and request return the same run for
    /// <see cref="Engine.EngineOptions.IdempotencyKeyLifetime"/>; the same key with another request is refused with 422.</summary>
    public const string IdempotencyKey = ApiHeaders.IdempotencyKey;

    /// <summary>Names the client program; see <see cref="ApiHeaders.Client"/>.</summary>
    public const string Client = ApiHeaders.Client;

    /// <summary>Response header, <c>true</c> when a submission returned the run an earlier one with the same key created.</summary>
    public const string IdempotentReplayed = ApiHeaders.IdempotentReplayed;

    /// <summary>Response header of a run listing that has a next page: the opaque cursor to pass back as <c>cursor</c>.</summary>
    public const string NextCursor = ApiHeaders.NextCursor;
}
