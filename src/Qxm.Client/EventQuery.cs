namespace Qxm.Client;

/// <summary>Which events of the server's log to read; every filter is optional.</summary>
/// <param name="RunId">Only events about this run.</param>
/// <param name="Backend">Only events about this backend.</param>
/// <param name="Tenant">Events of this tenant (<c>*</c> for every one, which needs the right to see every tenant); null for the caller's.</param>
public sealed record EventQuery(string? RunId = null, string? Backend = null, string? Tenant = null);
