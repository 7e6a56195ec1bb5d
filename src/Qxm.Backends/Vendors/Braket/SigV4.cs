using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Qxm.Backends.Vendors.Braket;

/// <summary>AWS Signature Version 4 as AWS specifies it: the canonical request (method, the path with dot segments removed
/// and each segment percent-encoded, the query sorted by name then value, the lowercased headers with trimmed values,
/// repeated ones joined by commas in their order, the signed header list and the payload's SHA-256), the string to sign
/// under the date/region/service scope, and the HMAC-SHA256 key chain from the secret. Checked against AWS's published
/// test-suite vectors (<c>SigV4Tests</c>).</summary>
internal static class SigV4
{
    public const string Algorithm = "AWS4-HMAC-SHA256";

    /// <summary>The <c>Authorization</c> header value for a request with these headers (host and x-amz-date among them).</summary>
    /// <param name="encodePathTwice">True for every service but S3, whose paths are encoded once.</param>
    public static string Authorization(
        string method, Uri uri, IReadOnlyList<KeyValuePair<string, string>> headers, string payloadSha256Hex, AwsCredentials credentials,
        string region, string service, DateTimeOffset at, bool encodePathTwice = true)
    {
        ArgumentNullException.ThrowIfNull(uri);
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(credentials);
        var date = at.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var amzDate = AmzDate(at);
        var canonicalHeaders = headers
            .GroupBy(h => h.Key.ToLowerInvariant(), StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (Name: g.Key, Value: string.Join(',', g.Select(h => Trim(h.Value)))))
            .ToList();
        var signedHeaders = string.Join(';', canonicalHeaders.Select(h => h.Name));
        var canonical = new StringBuilder()
            .Append(method).Append('\n')
            .Append(CanonicalPath(uri.AbsolutePath, encodePathTwice)).Append('\n')
            .Append(CanonicalQuery(uri.Query)).Append('\n');
        foreach (var (name, value) in canonicalHeaders)
        {
            canonical.Append(name).Append(':').Append(value).Append('\n');
        }

        canonical.Append('\n').Append(signedHeaders).Append('\n').Append(payloadSha256Hex);
        var scope = $"{date}/{region}/{service}/aws4_request";
        var stringToSign = $"{Algorithm}\n{amzDate}\n{scope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())))}";
        var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + credentials.SecretAccessKey), date);
        key = Hmac(key, region);
        key = Hmac(key, service);
        key = Hmac(key, "aws4_request");
        var signature = Hex(Hmac(key, stringToSign));
        return $"{Algorithm} Credential={credentials.AccessKeyId}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}";
    }

    public static string AmzDate(DateTimeOffset at) => at.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    public static string PayloadHash(ReadOnlySpan<byte> payload) => Hex(SHA256.HashData(payload));

    /// <summary>Signs the request in place: <c>X-Amz-Date</c>, the session token where there is one, and
    /// <c>Authorization</c> over the host, those and every <c>x-amz-*</c> and content-type header it carries.</summary>
    public static void Sign(HttpRequestMessage request, byte[] payload, AwsCredentials credentials, string region, string service, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentNullException.ThrowIfNull(credentials);
        var uri = request.RequestUri ?? throw new ArgumentException("the request has no address", nameof(request));
        request.Headers.Remove("X-Amz-Date");
        request.Headers.TryAddWithoutValidation("X-Amz-Date", AmzDate(at));
        if (credentials.SessionToken is { } token)
        {
            request.Headers.Remove("X-Amz-Security-Token");
            request.Headers.TryAddWithoutValidation("X-Amz-Security-Token", token);
        }

        var headers = new List<KeyValuePair<string, string>> { new("host", uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port}") };
        headers.AddRange(request.Headers
            .Where(h => h.Key.StartsWith("x-amz-", StringComparison.OrdinalIgnoreCase))
            .SelectMany(h => h.Value.Select(v => KeyValuePair.Create(h.Key, v))));
        if (request.Content?.Headers.ContentType is { } type)
        {
            headers.Add(new("content-type", type.ToString()));
        }

        var s3 = string.Equals(service, "s3", StringComparison.Ordinal);
        request.Headers.TryAddWithoutValidation("Authorization", Authorization(request.Method.Method, uri, headers, PayloadHash(payload), credentials, region, service, at, !s3));
    }

    private static string CanonicalPath(string path, bool encodeTwice)
    {
        var segments = new List<string>();
        foreach (var segment in path.Split('/'))
        {
            if (segment is "" or ".")
            {
                continue;
            }

            if (segment == "..")
            {
                if (segments.Count > 0)
                {
                    segments.RemoveAt(segments.Count - 1);
                }

                continue;
            }

            var decoded = Uri.UnescapeDataString(segment);
            segments.Add(encodeTwice ? Encode(Encode(decoded)) : Encode(decoded));
        }

        var joined = "/" + string.Join('/', segments);
        return path.EndsWith('/') && segments.Count > 0 ? joined + "/" : joined;
    }

    private static string CanonicalQuery(string query)
    {
        if (query.Length <= 1)
        {
            return "";
        }

        return string.Join('&', query[1..].Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p =>
            {
                var at = p.IndexOf('=', StringComparison.Ordinal);
                var name = Uri.UnescapeDataString(at < 0 ? p : p[..at]);
                var value = at < 0 ? "" : Uri.UnescapeDataString(p[(at + 1)..]);
                return (Name: Encode(name), Value: Encode(value));
            })
            .OrderBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => p.Name + "=" + p.Value));
    }

    /// <summary>RFC 3986 percent-encoding of everything but the unreserved characters, as AWS asks.</summary>
    private static string Encode(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    private static string Trim(string value) => string.Join(' ', value.Split(' ', StringSplitOptions.RemoveEmptyEntries));

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
