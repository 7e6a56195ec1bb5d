using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Qxm.Engine.Audit;

/// <summary>Signs and checks checkpoints with a key that lives outside the database: whoever can rewrite the database
/// can recompute every hash of the chain, but cannot sign a checkpoint for the rewritten one.</summary>
public sealed class AuditCheckpointSigner
{
    /// <summary>HMAC-SHA256 keys shorter than the hash add no strength; the key file holds 32 random bytes.</summary>
    public const int MinimumKeyBytes = 32;

    private readonly byte[] _key;

    public AuditCheckpointSigner(ReadOnlySpan<byte> key)
    {
        if (key.Length < MinimumKeyBytes)
        {
            throw new ArgumentException($"an audit key has at least {MinimumKeyBytes} bytes", nameof(key));
        }

        _key = key.ToArray();
        KeyId = Convert.ToHexStringLower(SHA256.HashData(_key))[..16];
    }

    public string KeyId { get; }

    public AuditCheckpoint Sign(long position, string hash, DateTimeOffset at) =>
        new(position, hash, at, KeyId, Signature(position, hash, at));

    /// <summary>True when this key signed exactly these position, hash and time.</summary>
    public bool IsValid(AuditCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        var expected = Encoding.ASCII.GetBytes(Signature(checkpoint.Position, checkpoint.Hash, checkpoint.At));
        var actual = Encoding.ASCII.GetBytes(checkpoint.Signature);
        return checkpoint.KeyId == KeyId && CryptographicOperations.FixedTimeEquals(expected, actual);
    }

    private string Signature(long position, string hash, DateTimeOffset at)
    {
        var message = string.Create(CultureInfo.InvariantCulture, $"qxm-audit-checkpoint-v1\n{position}\n{hash}\n{at.ToUnixTimeMilliseconds()}");
        return Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(message)));
    }
}
