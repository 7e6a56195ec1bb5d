using System.Text.Json;
using Qxm.Backends.Contract;

namespace Qxm.Backends.Vendors.Azure;

/// <summary>A bearer token for the Azure Quantum data plane from Microsoft Entra ID's client-credentials flow (the
/// application's client id and secret, scope <see cref="Scope"/>): asked for when first needed and again when less than
/// <see cref="Margin"/> of its life is left, so that no call carries a token that expires on its way, and forgotten when
/// Azure answers 401, so that the next call signs in afresh (a rotated secret is read then). Each adapter instance has
/// its own, so two tenants' credentials never share a token.</summary>
internal sealed class EntraToken(VendorHttp http, Uri endpoint, string clientId, VendorCredential secret, TimeProvider time)
{
    public const string Scope = "https://quantum.microsoft.com/.default";

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
                new("grant_type", "client_credentials"),
                new("client_id", clientId),
                new("client_secret", secret.Read()),
                new("scope", Scope),
            ]),
        };
        request.Headers.Accept.ParseAdd(VendorHttp.JsonType);
        using var answer = VendorHttp.ParseJson(await SignInAsync(request, cancellationToken), "Microsoft Entra ID's token");
        var root = answer.RootElement;
        var token = root.TryGetProperty("access_token", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        if (string.IsNullOrEmpty(token))
        {
            throw new BackendException(BackendErrorKind.Transient, "Microsoft Entra ID answered without an access_token");
        }

        var now = time.GetUtcNow();
        var expires = root.TryGetProperty("expires_in", out var s) && s.TryGetInt64(out var seconds) ? now.AddSeconds(seconds) : now.AddMinutes(20);
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

    /// <summary>Entra answers a wrong or expired secret with 400 or 401 and <c>invalid_client</c>: that is a credentials
    /// problem (a refresh may read a rotated secret), not bad input.</summary>
    private async Task<VendorAnswer> SignInAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await http.SendAsync(request, cancellationToken);
        }
        catch (BackendException e) when (e.Kind == BackendErrorKind.InvalidInput && e.RawAnswer is { } raw
            && System.Text.Encoding.UTF8.GetString(raw.Span).Contains("invalid_client", StringComparison.Ordinal))
        {
            throw new BackendException(BackendErrorKind.AuthExpired, "Microsoft Entra ID refused the client credentials: " + e.Message, rawAnswer: raw);
        }
    }
}
