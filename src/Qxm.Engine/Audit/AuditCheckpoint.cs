namespace Qxm.Engine.Audit;

/// <summary>The chain's head at one moment, signed with the audit key (HMAC-SHA256, <see cref="AuditCheckpointSigner"/>).</summary>
/// <param name="KeyId">Names the key that signed it without revealing it: the first 16 hex digits of the key's SHA-256.</param>
public sealed record AuditCheckpoint(long Position, string Hash, DateTimeOffset At, string KeyId, string Signature);
