namespace Qxm.Server.Endpoints;

/// <summary>Where a tenant's secret is: exactly one of <c>env</c> (a <c>QXM_TENANT_...</c> variable of the server) or
/// <c>file</c> (a name in the server's credentials directory); never the secret itself.</summary>
internal sealed record CredentialBody(string? Env, string? File, string? ClientId);
