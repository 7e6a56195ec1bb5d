using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Qxm.Engine.Events;

/// <summary>How qxm signs a webhook delivery: header <c>Qxm-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex&gt;</c>, where v1 is
/// HMAC-SHA256 under the webhook's secret of <c>"&lt;t&gt;.&lt;body&gt;"</c>. Signing the time with the body lets a receiver
/// refuse an old delivery replayed by someone who captured it.</summary>
public static class WebhookSignature
{
    public const string Header = "Qxm-Signature";
    public const string EventIdHeader = "Qxm-Event-Id";
    public const string WebhookIdHeader = "Qxm-Webhook-Id";

    public static string Sign(string secret, DateTimeOffset at, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var timestamp = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return $"t={timestamp},v1={Convert.ToHexStringLower(Mac(secret, timestamp, body))}";
    }

    /// <summary>A new secret: 32 random bytes, hex.</summary>
    public static string NewSecret() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    internal static byte[] Mac(string secret, string timestamp, ReadOnlySpan<byte> body)
    {
        var signed = new byte[Encoding.UTF8.GetByteCount(timestamp) + 1 + body.Length];
        var written = Encoding.UTF8.GetBytes(timestamp, signed);
        signed[written] = (byte)'.';
        body.CopyTo(signed.AsSpan(written + 1));
        return HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed);
    }
}
