using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Qxm.Engine.Tests.Vendors.Braket;

/// <summary>AWS's server side of Signature Version 4, written apart from qxm's signer: the canonical request rebuilt from
/// the request as it arrived (the raw path with each segment encoded once more, as every service but S3 asks, the query
/// sorted, the headers the client says it signed, the body's SHA-256), the key derived from the secret, and the
/// signature compared; the scope's date, region and service, and the clock skew checked as AWS checks them. Null when the
/// request is signed right; otherwise AWS's error type and message.</summary>
internal static class FakeAwsSignature
{
    private static readonly TimeSpan Skew = TimeSpan.FromMinutes(5);

    public static (string Type, string Message)? Verify(
        HttpRequest request, byte[] body, string keyId, string secret, string? sessionToken, string region, string service, DateTimeOffset now)
    {
        var header = request.Headers.Authorization.ToString();
        const string Algorithm = "AWS4-HMAC-SHA256 ";
        if (!header.StartsWith(Algorithm, StringComparison.Ordinal))
        {
            return ("MissingAuthenticationTokenException", "Missing Authentication Token");
        }

        var fields = header[Algorithm.Length..].Split(',', StringSplitOptions.TrimEntries)
            .Select(f => f.Split('=', 2)).Where(f => f.Length == 2).ToDictionary(f => f[0], f => f[1], StringComparer.Ordinal);
        if (!fields.TryGetValue("Credential", out var credential) || !fields.TryGetValue("SignedHeaders", out var signed) || !fields.TryGetValue("Signature", out var signature))
        {
            return ("IncompleteSignatureException", "Authorization header requires Credential, SignedHeaders and Signature");
        }

        var scope = credential.Split('/');
        if (scope.Length != 5 || scope[4] != "aws4_request")
        {
            return ("IncompleteSignatureException", $"Credential is malformed: {credential}");
        }

        if (scope[0] != keyId)
        {
            return ("UnrecognizedClientException", "The security token included in the request is invalid.");
        }

        var amzDate = request.Headers["X-Amz-Date"].ToString();
        if (!DateTimeOffset.TryParseExact(amzDate, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var signedAt))
        {
            return ("IncompleteSignatureException", "X-Amz-Date is missing or malformed");
        }

        if ((now - signedAt).Duration() > Skew)
        {
            return ("InvalidSignatureException", $"Signature expired: {amzDate} is now earlier than {(now - Skew).ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}");
        }

        if (scope[1] != amzDate[..8] || scope[2] != region || scope[3] != service)
        {
            return ("InvalidSignatureException", $"Credential should be scoped to a valid region and service: {scope[1]}/{scope[2]}/{scope[3]}, not {amzDate[..8]}/{region}/{service}");
        }

        var names = signed.Split(';');
        if (!names.Contains("host") || !names.Contains("x-amz-date"))
        {
            return ("InvalidSignatureException", "host and x-amz-date must be signed");
        }

        if (sessionToken is not null && (request.Headers["X-Amz-Security-Token"].ToString() != sessionToken || !names.Contains("x-amz-security-token")))
        {
            return ("ExpiredTokenException", "The security token included in the request is expired");
        }

        var raw = request.HttpContext.Features.Get<IHttpRequestFeature>()?.RawTarget ?? request.Path.ToString();
        var at = raw.IndexOf('?', StringComparison.Ordinal);
        var path = at < 0 ? raw : raw[..at];
        var query = at < 0 ? "" : raw[(at + 1)..];
        var canonical = new StringBuilder()
            .Append(request.Method).Append('\n')
            .Append(string.Join('/', path.Split('/').Select(Encode))).Append('\n')
            .Append(string.Join('&', query.Split('&', StringSplitOptions.RemoveEmptyEntries)
                .Select(p => p.Split('=', 2)).Select(p => (Name: Encode(Uri.UnescapeDataString(p[0])), Value: Encode(Uri.UnescapeDataString(p.Length > 1 ? p[1] : ""))))
                .OrderBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal).Select(p => p.Name + "=" + p.Value))).Append('\n');
        foreach (var name in names)
        {
            var value = name == "host" ? request.Host.Value : string.Join(',', request.Headers[name].Select(v => string.Join(' ', (v ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries))));
            canonical.Append(name).Append(':').Append(value).Append('\n');
        }

        canonical.Append('\n').Append(signed).Append('\n').Append(Convert.ToHexStringLower(SHA256.HashData(body)));
        var toSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{string.Join('/', scope[1..])}\n{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())))}";
        var key = Encoding.UTF8.GetBytes("AWS4" + secret);
        foreach (var part in scope[1..])
        {
            key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(part));
        }

        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(toSign)));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature))
            ? null
            : ("InvalidSignatureException", "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.");
    }

    /// <summary>RFC 3986: everything but the unreserved characters percent-encoded, in upper-case hex.</summary>
    private static string Encode(string text)
    {
        var builder = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            if (b is (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'a' and <= (byte)'z') or (>= (byte)'0' and <= (byte)'9') or (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~')
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }
}
