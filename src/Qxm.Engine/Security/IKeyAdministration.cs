using Qxm.Domain.Security;

namespace Qxm.Engine.Security;

/// <summary>Managing API keys: what <c>qxm keys</c> does, embedded (on the store) or against a server (as an admin).</summary>
public interface IKeyAdministration
{
    Task<KeyOutcome> CreateKeyAsync(NewKeyRequest request, CancellationToken cancellationToken);

    Task<IReadOnlyList<ApiKey>> ListKeysAsync(CancellationToken cancellationToken);

    /// <summary>False when no unrevoked key has that id.</summary>
    Task<bool> RevokeKeyAsync(string keyId, CancellationToken cancellationToken);

    /// <summary>A new key for the same principal, role and tenants; the old one keeps working for <paramref name="overlap"/>.</summary>
    Task<KeyOutcome> RotateKeyAsync(string keyId, TimeSpan overlap, CancellationToken cancellationToken);
}
