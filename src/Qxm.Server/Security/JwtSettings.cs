using Microsoft.IdentityModel.Tokens;

namespace Qxm.Server.Security;

/// <summary>Bearer tokens from an identity provider (OIDC/JWT), beside API keys. A token is accepted when its issuer,
/// audience, lifetime and signature check out; its claims name the principal, its tenants and its role.</summary>
/// <param name="Authority">The provider's base URL; its signing keys come from its OpenID configuration. Null with
/// <paramref name="SigningKeys"/> set: keys given here, no discovery (tests, air-gapped sites).</param>
/// <param name="NameClaim">The claim holding the principal's stable name.</param>
/// <param name="TenantClaim">The claim naming the tenants (repeated, or a JSON array).</param>
/// <param name="RoleClaim">The claim naming the role: viewer, submitter, operator or admin.</param>
public sealed record JwtSettings(
    string Issuer,
    string Audience,
    string? Authority = null,
    IReadOnlyList<SecurityKey>? SigningKeys = null,
    string NameClaim = "sub",
    string TenantClaim = "qxm_tenant",
    string RoleClaim = "qxm_role")
{
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Issuer) || string.IsNullOrWhiteSpace(Audience))
        {
            throw new ArgumentException("JWT bearer tokens need an issuer and an audience");
        }

        if (Authority is null && (SigningKeys is null || SigningKeys.Count == 0))
        {
            throw new ArgumentException("JWT bearer tokens need an authority (to discover its keys) or signing keys");
        }
    }
}
