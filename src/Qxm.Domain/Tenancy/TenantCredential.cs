namespace Qxm.Domain.Tenancy;

/// <summary>Where one tenant's secret for one vendor backend is, set by an admin: an environment variable's name
/// (<see cref="Source"/> <c>env</c>) or a file's name under the server's credentials directory (<c>file</c>), never the
/// secret itself. A run of the tenant on the backend signs in with it instead of the backend's own.</summary>
/// <param name="ClientId">The application that signs in with the secret (Azure's Entra ID client credentials); null to
/// use the backend's, or where the secret is an API key.</param>
public sealed record TenantCredential(string Tenant, string Backend, string Source, string Reference, string? ClientId, string SetBy, DateTimeOffset SetAt)
{
    public const string Environment = "env";
    public const string File = "file";
}
