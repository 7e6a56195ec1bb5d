using System.Security.Claims;
using Qxm.Domain.Security;

namespace Qxm.Server.Security;

/// <summary>How an authenticated caller looks inside the server, whatever authenticated it: a <see cref="ClaimsPrincipal"/>
/// whose <c>Identity.Name</c> is the principal's stable name, one <see cref="Tenant"/> claim per tenant and one
/// <see cref="Role"/> claim. Rate limits partition by the name.</summary>
public static class QxmClaims
{
    public const string Tenant = "qxm:tenant";
    public const string Role = "qxm:role";

    public static ClaimsPrincipal ToClaimsPrincipal(Principal principal, string scheme)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var identity = new ClaimsIdentity(scheme, ClaimTypes.Name, Role);
        identity.AddClaim(new Claim(ClaimTypes.Name, principal.Name));
        identity.AddClaim(new Claim(Role, principal.Role.ToString().ToLowerInvariant()));
        foreach (var tenant in principal.Tenants)
        {
            identity.AddClaim(new Claim(Tenant, tenant));
        }

        return new ClaimsPrincipal(identity);
    }

    /// <summary>The principal a claims principal carries; null when it is not authenticated or lacks a name or a known role.</summary>
    public static Principal? ToPrincipal(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.Identity is not { IsAuthenticated: true, Name: { Length: > 0 } name })
        {
            return null;
        }

        var roleText = user.FindFirst(Role)?.Value;
        if (!Enum.TryParse<Role>(roleText, ignoreCase: true, out var role) || !Enum.IsDefined(role) || int.TryParse(roleText, out _))
        {
            return null;
        }

        return new Principal(name, role, [.. user.FindAll(Tenant).Select(c => c.Value).Distinct(StringComparer.Ordinal)]);
    }
}
