using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Qxm.Server.Guards;

/// <summary>A state-changing request must be one a browser would not send across sites without asking first (a CORS
/// preflight): a JSON or YAML body, or a header no HTML form or simple request can carry. HTML forms send
/// <c>application/x-www-form-urlencoded</c>, <c>multipart/form-data</c> or <c>text/plain</c>; those are refused.</summary>
internal static class StateChangeRule
{
    private const string ClientHeader = Endpoints.RunEndpointHeaders.Client;

    private static readonly string[] FormMediaTypes = ["application/x-www-form-urlencoded", "multipart/form-data", "text/plain"];

    /// <summary>Null when the request may change state, else why not.</summary>
    public static string? Refusal(HttpRequest request)
    {
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method))
        {
            return null;
        }

        if (request.ContentType is { Length: > 0 } contentType)
        {
            var mediaType = MediaTypeHeaderValue.TryParse(contentType, out var parsed) ? parsed.MediaType.Value : contentType;
            if (FormMediaTypes.Contains(mediaType, StringComparer.OrdinalIgnoreCase))
            {
                return $"content type '{mediaType}' is what HTML forms send, and forms may not change state here; send application/json";
            }

            // Any other declared type makes a cross-site browser ask first; the endpoint decides whether it reads it.
            return null;
        }

        foreach (var header in request.Headers)
        {
            if (header.Key.StartsWith("X-Qxm-", StringComparison.OrdinalIgnoreCase) ||
                string.Equals(header.Key, HeaderNames.Authorization, StringComparison.OrdinalIgnoreCase) ||
                string.Equals(header.Key, Endpoints.RunEndpointHeaders.IdempotencyKey, StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }
        }

        return $"a request without a body must carry an Authorization or {ClientHeader} header to change state (so that no cross-site form or simple request can)";
    }
}
