using Qxm.Domain.Security;

namespace Qxm.Engine.Security;

/// <summary>Key management for one caller: only a holder of <see cref="Permission.ManageKeys"/> reaches the keys.</summary>
public sealed class AuthorizedKeyAdministration(ApiKeyService keys, Caller caller, IAccessAudit audit, TimeProvider time) : IKeyAdministration
{
    public Task<KeyOutcome> CreateKeyAsync(NewKeyRequest request, CancellationToken cancellationToken)
    {
        Require("keys.create");
        return keys.CreateAsync(request, caller.Name, cancellationToken);
    }

    public Task<IReadOnlyList<ApiKey>> ListKeysAsync(CancellationToken cancellationToken)
    {
        Require("keys.list");
        return keys.ListAsync(cancellationToken);
    }

    public Task<bool> RevokeKeyAsync(string keyId, CancellationToken cancellationToken)
    {
        Require("keys.revoke");
        return keys.RevokeAsync(keyId, caller.Name, cancellationToken);
    }

    public Task<KeyOutcome> RotateKeyAsync(string keyId, TimeSpan overlap, CancellationToken cancellationToken)
    {
        Require("keys.rotate");
        return keys.RotateAsync(keyId, overlap, caller.Name, cancellationToken);
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
