using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Qxm.Domain.Audit;

namespace Qxm.Engine.Audit;

/// <summary>The chain rule: an event's hash is SHA-256 over the previous event's hash and the canonical encoding of
/// its own fields, so changing, removing, inserting or moving any event changes every hash after it.</summary>
/// <remarks>Canonical encoding (version 1), after the 32 bytes of the previous hash: the ASCII tag
/// <c>qxm-audit-v1</c>; position and time (Unix milliseconds) as 64-bit big-endian integers; then actor, principal,
/// tenant, action, object type, object id, outcome (its name) and detail, each as a 32-bit big-endian byte length and
/// its UTF-8 bytes, or length -1 for null. Lengths make the encoding unambiguous: no two field lists share bytes.</remarks>
public static class AuditChain
{
    /// <summary>The previous hash of the first event.</summary>
    public static readonly string Genesis = new('0', 64);

    private static readonly byte[] Tag = "qxm-audit-v1"u8.ToArray();

    /// <summary>The event that follows <paramref name="previousHash"/> at <paramref name="position"/>.</summary>
    public static AuditEvent Link(long position, DateTimeOffset at, AuditEntry entry, string previousHash)
    {
        // Stored times have millisecond precision; the hash must be of what is stored.
        var stored = DateTimeOffset.FromUnixTimeMilliseconds(at.ToUnixTimeMilliseconds());
        return new AuditEvent(position, stored, entry, previousHash, Hash(position, stored, entry, previousHash));
    }

    /// <summary>The hash an event with these fields must have; <paramref name="previousHash"/> is 64 hex digits.</summary>
    public static string Hash(long position, DateTimeOffset at, AuditEntry entry, string previousHash)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(previousHash);
        string?[] fields =
            [entry.Actor, entry.Principal, entry.Tenant, entry.Action, entry.ObjectType, entry.ObjectId, entry.Outcome.ToString(), entry.Detail];
        var length = 32 + Tag.Length + 16;
        foreach (var field in fields)
        {
            length += 4 + (field is null ? 0 : Encoding.UTF8.GetByteCount(field));
        }

        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var buffer = rented.AsSpan(0, length);
            if (Convert.FromHexString(previousHash, buffer[..32], out _, out var written) != OperationStatus.Done || written != 32)
            {
                throw new ArgumentException("a previous hash is 64 hex digits", nameof(previousHash));
            }

            var offset = 32;
            Tag.CopyTo(buffer[offset..]);
            offset += Tag.Length;
            BinaryPrimitives.WriteInt64BigEndian(buffer[offset..], position);
            BinaryPrimitives.WriteInt64BigEndian(buffer[(offset + 8)..], at.ToUnixTimeMilliseconds());
            offset += 16;
            foreach (var field in fields)
            {
                if (field is null)
                {
                    BinaryPrimitives.WriteInt32BigEndian(buffer[offset..], -1);
                    offset += 4;
                    continue;
                }

                var bytes = Encoding.UTF8.GetBytes(field, buffer[(offset + 4)..]);
                BinaryPrimitives.WriteInt32BigEndian(buffer[offset..], bytes);
                offset += 4 + bytes;
            }

            Span<byte> hash = stackalloc byte[32];
            SHA256.HashData(buffer, hash);
            return Convert.ToHexStringLower(hash);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>True for 64 lowercase hex digits, the only form a stored hash takes.</summary>
    public static bool IsHash(string? text) =>
        text is { Length: 64 } && text.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));
}
