using System.Text.Json;
using Qxm.Backends.Contract;

namespace Qxm.Backends.Vendors.Ibm;

/// <summary>IBM Cloud IAM's bearer token for an API key: asked for when first needed and again before it expires (a
/// token lives an hour; qxm renews it when less than <see cref="Margin"/> is left, so a call never carries a token that
/// expires on its way), and dropped when IBM answers 401 so that the next call asks afresh. Calls that find no token
/// at once each ask IAM; the tokens are equally good and the last one kept.</summary>
internal sealed class IbmToken(VendorHttp http, Uri endpoint, VendorCredential credential, TimeProvider time)
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

        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint)
        {
            Content = new FormUrlEncodedContent(
            [
                new("grant_type", "urn:ibm:params:oauth:grant-type:apikey"),
                new("apikey", credential.Read()),
            ]),
        };
        request.Headers.Accept.ParseAdd(VendorHttp.JsonType);
        using var answer = VendorHttp.ParseJson(await http.SendAsync(request, cancellationToken), "IBM Cloud IAM's token");
        var root = answer.RootElement;
        var token = root.TryGetProperty("access_token", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        if (string.IsNullOrEmpty(token))
        {
            throw new BackendException(BackendErrorKind.Transient, "IBM Cloud IAM answered without an access_token");
        }

        var now = time.GetUtcNow();
        var expires = root.TryGetProperty("expiration", out var e) && e.TryGetInt64(out var at) ? DateTimeOffset.FromUnixTimeSeconds(at)
            : root.TryGetProperty("expires_in", out var s) && s.TryGetInt64(out var seconds) ? now.AddSeconds(seconds)
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
}
