namespace Qxm.Engine.Persistence;

/// <summary>API keys by id. Revocation and rotation are updates of the stored row; rows are never deleted, so a key id
/// is never reused.</summary>
public interface IApiKeyStore
{
    Task CreateKeyAsync(StoredApiKey key, CancellationToken cancellationToken);

    Task<StoredApiKey?> GetKeyAsync(string keyId, CancellationToken cancellationToken);

    /// <summary>Every key, newest first.</summary>
    Task<IReadOnlyList<StoredApiKey>> ListKeysAsync(CancellationToken cancellationToken);

    /// <summary>False when no unrevoked key has that id.</summary>
    Task<bool> RevokeKeyAsync(string keyId, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>In one transaction: stores <paramref name="replacement"/> and makes the old key expire at
    /// <paramref name="oldExpiresAt"/> (or its own earlier expiry). False, storing nothing, when the old key is revoked,
    /// already rotated or unknown.</summary>
    Task<bool> RotateKeyAsync(string keyId, StoredApiKey replacement, DateTimeOffset oldExpiresAt, CancellationToken cancellationToken);
}
