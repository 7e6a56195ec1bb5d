namespace Qxm.Engine.Vendors;

/// <summary>An admin's request: the tenant, the backend, and exactly one of an environment variable's name (<c>Env</c>)
/// or a file's name under the credentials directory (<c>File</c>); for an Azure backend signing in through Entra ID,
/// optionally the tenant's own application (<c>ClientId</c>).</summary>
public sealed record TenantCredentialRequest(string Tenant, string Backend, string? Env = null, string? File = null, string? ClientId = null);
