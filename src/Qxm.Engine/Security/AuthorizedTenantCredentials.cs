using Qxm.Domain.Security;
using Qxm.Domain.Tenancy;
using Qxm.Engine.Vendors;

namespace Qxm.Engine.Security;

/// <summary>Per-tenant vendor credentials for one caller: only a holder of <see cref="Permission.ManageKeys"/> (an admin)
/// reaches them, since a tenant's vendor key is a key like qxm's own.</summary>
public sealed class AuthorizedTenantCredentials(ITenantCredentials inner, Caller caller, IAccessAudit audit, TimeProvider time) : ITenantCredentials
{
    public Task<TenantCredentialOutcome> SetAsync(TenantCredentialRequest request, CancellationToken cancellationToken)
    {
        Require("credentials.set");
        return inner.SetAsync(request, cancellationToken);
    }

    public Task<IReadOnlyList<TenantCredential>> ListAsync(string? tenant, CancellationToken cancellationToken)
    {
        Require("credentials.list");
        return inner.ListAsync(tenant, cancellationToken);
    }

    public Task<bool> RemoveAsync(string tenant, string backend, CancellationToken cancellationToken)
    {
        Require("credentials.remove");
        return inner.RemoveAsync(tenant, backend, cancellationToken);
    }

    private void Require(string action)
    {
        if (AccessPolicy.Decide(caller, Permission.ManageKeys) != AccessDecision.Allow)
        {
            audit.Record(new AccessEvent(AccessEventKind.Denied, action, caller.Name, caller.Tenant, null, $"role {caller.Principal.Role} lacks ManageKeys", time.GetUtcNow()));
            throw new AccessDeniedException($"{caller.Name} ({caller.Principal.Role}) may not {action}");
        }
    }
}
