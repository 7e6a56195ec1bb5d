using System.Text.Json;
using Qxm.Backends.Contract;

namespace Qxm.Backends.Vendors;

/// <summary>A vendor's bearer token from an OAuth-style token endpoint: asked for when first needed and again when less
/// than <see cref="Margin"/> of its life is left (so a call never carries a token that expires on its way), and
/// forgotten when the vendor answers 401, so that the next call asks afresh and reads a rotated secret. Calls that find
/// no token at once each ask; the tokens are equally good and the last one kept. The answer's <c>access_token</c> and
/// its life (<c>expiration</c> as Unix seconds, or <c>expires_in</c>) are read as the OAuth answers of IBM Cloud IAM
/// and Microsoft Entra ID give them.</summary>
/// <param name="issuer">Who issues it, for messages ("IBM Cloud IAM").</param>
/// <param name="ask">Sends a fresh token request and returns the answer.</param>
internal sealed class BearerToken(string issuer, Func<CancellationToken, Task<VendorAnswer>> ask, TimeProvider time)
{
    public static readonly TimeSpan Margin = TimeSpan.FromMinutes(5);

    private readonly Lock _gate = new();
    private string? _token;
    private DateTimeOffset _expires;

    public async Task<string> GetAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_token is not null && time.GetUtcNow() < _expires - Margin)
            {
                return _token;
            }
        }

        using var answer = VendorHttp.ParseJson(await ask(cancellationToken), $"{issuer}'s token");
        var root = answer.RootElement;
        var token = root.TryGetProperty("access_token", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        if (string.IsNullOrEmpty(token))
        {
            throw new BackendException(BackendErrorKind.Transient, $"{issuer} answered without an access_token");
        }

        var now = time.GetUtcNow();
        var expires = root.TryGetProperty("expiration", out var e) && e.TryInt64(out var at) ? DateTimeOffset.FromUnixTimeSeconds(at)
            : root.TryGetProperty("expires_in", out var s) && s.TryInt64(out var seconds) ? now.AddSeconds(seconds)
            : now.AddMinutes(20);
        lock (_gate)
        {
            (_token, _expires) = (token, expires);
        }

        return token;
    }

    public void Forget()
    {
        lock (_gate)
        {
            _token = null;
        }
    }

    /// <summary>A form POST to <paramref name="endpoint"/> asking for JSON.</summary>
    public static HttpRequestMessage FormRequest(Uri endpoint, IEnumerable<KeyValuePair<string, string>> form)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Accept.ParseAdd(VendorHttp.JsonType);
        return request;
    }
}
