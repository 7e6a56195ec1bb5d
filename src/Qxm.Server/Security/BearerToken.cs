using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Qxm.Server.Security;

internal static class BearerToken
{
    private const string Prefix = "Bearer ";

    /// <summary>The token of an <c>Authorization: Bearer</c> header; null when there is none.</summary>
    public static string? Of(HttpRequest request)
    {
        var header = request.Headers[HeaderNames.Authorization].ToString();
        return header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) && header.Length > Prefix.Length ? header[Prefix.Length..].Trim() : null;
    }
}
