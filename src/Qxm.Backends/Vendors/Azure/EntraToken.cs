using Qxm.Backends.Contract;

namespace Qxm.Backends.Vendors.Azure;

/// <summary>A bearer token for the Azure Quantum data plane from Microsoft Entra ID's client-credentials flow (the
/// application's client id and secret, scope <see cref="Scope"/>), kept and renewed as <see cref="BearerToken"/> says.
/// Each adapter instance has its own, so two tenants' credentials never share a token.</summary>
internal static class EntraToken
{
    public const string Scope = "https://quantum.microsoft.com/.default";

    public static BearerToken Create(VendorHttp http, Uri endpoint, string clientId, VendorCredential secret, TimeProvider time) =>
        new("Microsoft Entra ID", async cancellationToken =>
        {
            using var request = BearerToken.FormRequest(endpoint,
            [
                new("grant_type", "client_credentials"),
                new("client_id", clientId),
                new("client_secret", secret.Read()),
                new("scope", Scope),
            ]);
            return await SignInAsync(http, request, cancellationToken);
        }, time);

    /// <summary>Entra answers a wrong or expired secret with 400 or 401 and <c>invalid_client</c>: that is a credentials
    /// problem (a refresh may read a rotated secret), not bad input.</summary>
    private static async Task<VendorAnswer> SignInAsync(VendorHttp http, HttpRequestMessage request, CancellationToken cancellationToken)
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
