using Qxm.Domain.Security;

namespace Qxm.Engine.Persistence;

/// <summary>An API key as the store keeps it: its metadata and the SHA-256 of its secret, never the secret.</summary>
public sealed record StoredApiKey(ApiKey Key, byte[] SecretHash);
