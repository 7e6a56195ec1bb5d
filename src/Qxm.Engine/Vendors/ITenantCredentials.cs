using Qxm.Domain.Tenancy;

namespace Qxm.Engine.Vendors;

/// <summary>What an admin does with per-tenant vendor credentials: the API and the CLI (embedded or remote) share it.</summary>
public interface ITenantCredentials
{
    /// <summary>Sets the tenant's credential reference for the backend; the diagnostics say why it was refused.</summary>
    Task<TenantCredentialOutcome> SetAsync(TenantCredentialRequest request, CancellationToken cancellationToken);

    /// <summary>Every tenant's references, or one tenant's; never a secret.</summary>
    Task<IReadOnlyList<TenantCredential>> ListAsync(string? tenant, CancellationToken cancellationToken);

    /// <summary>False when the tenant had none for the backend.</summary>
    Task<bool> RemoveAsync(string tenant, string backend, CancellationToken cancellationToken);
}
