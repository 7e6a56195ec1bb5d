using System.Security.Cryptography;
using System.Text;

namespace Qxm.Engine.Security;

/// <summary>The text of an API key: <c>qxm_</c>, a 16-hex-digit id (looked up), <c>_</c>, and a 256-bit secret in
/// base64url (compared by hash). The prefix makes a leaked key recognisable to secret scanners and people.</summary>
public static class ApiKeyFormat
{
    public const string Prefix = "qxm_";
    public const int IdLength = 16;
    private const int SecretBytes = 32;
    private const int SecretLength = 43;

    public static int Length => Prefix.Length + IdLength + 1 + SecretLength;

    /// <summary>A new key id and its secret. The randomness is the operating system's: a seeded generator would make keys guessable.</summary>
    public static (string Id, string Secret) Generate()
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(IdLength / 2));
        var secret = Base64Url(RandomNumberGenerator.GetBytes(SecretBytes));
        return (id, secret);
    }

    public static string Compose(string id, string secret) => $"{Prefix}{id}_{secret}";

    /// <summary>Splits a presented key; false for anything not shaped like one, before any lookup.</summary>
    public static bool TryParse(string? text, out string id, out string secret)
    {
        id = secret = "";
        if (text is null || text.Length != Length || !text.StartsWith(Prefix, StringComparison.Ordinal) || text[Prefix.Length + IdLength] != '_')
        {
            return false;
        }

        var idPart = text.AsSpan(Prefix.Length, IdLength);
        foreach (var c in idPart)
        {
            if (!char.IsAsciiHexDigitLower(c) && !char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        id = idPart.ToString();
        secret = text[(Prefix.Length + IdLength + 1)..];
        return true;
    }

    /// <summary>SHA-256 of the secret. A fast hash suffices: the secret has 256 random bits, so there is nothing for a slow
    /// hash to stretch, and verification stays cheap on every request.</summary>
    public static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
