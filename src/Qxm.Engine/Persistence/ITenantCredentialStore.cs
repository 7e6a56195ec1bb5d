using Qxm.Domain.Tenancy;

namespace Qxm.Engine.Persistence;

/// <summary>Per-tenant vendor credential references: one per tenant and backend.</summary>
public interface ITenantCredentialStore
{
    /// <summary>Sets the tenant's reference for the backend, replacing any earlier one.</summary>
    Task SetTenantCredentialAsync(TenantCredential credential, CancellationToken cancellationToken);

    /// <summary>False when the tenant had none for the backend.</summary>
    Task<bool> RemoveTenantCredentialAsync(string tenant, string backend, CancellationToken cancellationToken);

    Task<TenantCredential?> GetTenantCredentialAsync(string tenant, string backend, CancellationToken cancellationToken);

    /// <summary>Every tenant's, or one tenant's, ordered by tenant and backend.</summary>
    Task<IReadOnlyList<TenantCredential>> ListTenantCredentialsAsync(string? tenant, CancellationToken cancellationToken);
}
