using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Qxm.Server.Composition;

namespace Qxm.Server.Security;

/// <summary><c>Authorization: Bearer qxm_…</c>: the key is looked up by its id and its secret compared by hash
/// (<see cref="Engine.Security.ApiKeyService"/>).</summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, QxmRuntime runtime)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (BearerToken.Of(Request) is not { } token)
        {
            return AuthenticateResult.NoResult();
        }

        var principal = await runtime.Keys.VerifyAsync(token, Context.RequestAborted);

        // The failure says nothing of why (unknown, revoked, expired, malformed), and never repeats the key.
        return principal is null
            ? AuthenticateResult.Fail("the API key is not valid")
            : AuthenticateResult.Success(new AuthenticationTicket(QxmClaims.ToClaimsPrincipal(principal, SchemeName), SchemeName));
    }
}
