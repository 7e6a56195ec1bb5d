using System.Security.Cryptography;

namespace Qxm.Engine.Persistence;

/// <summary>The content address of an artifact: the lowercase hex SHA-256 of its bytes. Every artifact store names what
/// it holds by it, and the result spool names a document by it before any store holds it (decision 0043).</summary>
public static class ArtifactHash
{
    public static string Of(ReadOnlySpan<byte> content) => Convert.ToHexStringLower(SHA256.HashData(content));
}
