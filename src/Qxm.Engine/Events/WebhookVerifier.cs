using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;

namespace Qxm.Engine.Events;

/// <summary>What a webhook receiver runs on each delivery: the signature must match the body and the secret, the signed
/// time must be within <see cref="Tolerance"/> of now, and an event already accepted is refused (a replay, or qxm's
/// at-least-once redelivery of one already handled).</summary>
public sealed class WebhookVerifier(string secret, TimeProvider time, TimeSpan? tolerance = null)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);

    public TimeSpan Tolerance { get; } = tolerance ?? TimeSpan.FromMinutes(5);

    public WebhookVerdict Verify(string? signatureHeader, string? eventId, ReadOnlySpan<byte> body)
    {
        if (string.IsNullOrEmpty(signatureHeader) || string.IsNullOrEmpty(eventId))
        {
            return WebhookVerdict.Malformed;
        }

        string? timestamp = null;
        string? signature = null;
        foreach (var part in signatureHeader.Split(',', StringSplitOptions.TrimEntries))
        {
            if (part.StartsWith("t=", StringComparison.Ordinal))
            {
                timestamp = part[2..];
            }
            else if (part.StartsWith("v1=", StringComparison.Ordinal))
            {
                signature = part[3..];
            }
        }

        if (timestamp is null || signature is null || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || signature.Length != 64 || !signature.All(Uri.IsHexDigit))
        {
            return WebhookVerdict.Malformed;
        }

        if (!CryptographicOperations.FixedTimeEquals(Convert.FromHexString(signature), WebhookSignature.Mac(secret, timestamp, body)))
        {
            return WebhookVerdict.BadSignature;
        }

        var now = time.GetUtcNow();
        var signedAt = DateTimeOffset.FromUnixTimeSeconds(seconds);
        if ((now - signedAt).Duration() > Tolerance)
        {
            return WebhookVerdict.Stale;
        }

        // Event ids older than the tolerance cannot come back signed fresh without the secret: forget them.
        foreach (var old in _seen.Where(s => now - s.Value > Tolerance * 2).Select(s => s.Key).ToList())
        {
            _seen.TryRemove(old, out _);
        }

        return _seen.TryAdd(eventId, now) ? WebhookVerdict.Valid : WebhookVerdict.Replayed;
    }
}
