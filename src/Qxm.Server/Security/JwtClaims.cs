using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace Qxm.Server.Security;

/// <summary>Validates identity-provider tokens and turns their claims into the server's own (<see cref="QxmClaims"/>).</summary>
internal static class JwtClaims
{
    public static void Configure(JwtBearerOptions bearer, JwtSettings settings)
    {
        bearer.MapInboundClaims = false;
        bearer.Authority = settings.Authority;
        bearer.RequireHttpsMetadata = settings.Authority?.StartsWith("https:", StringComparison.OrdinalIgnoreCase) ?? false;
        bearer.TokenValidationParameters = new TokenValidationParameters
        {
            ValidIssuer = settings.Issuer,
            ValidAudience = settings.Audience,
            IssuerSigningKeys = settings.SigningKeys,
            ValidateIssuer = true,
            ValidateAudience = true,
            ValidateLifetime = true,
            ValidateIssuerSigningKey = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ClockSkew = TimeSpan.FromSeconds(30),
        };
        bearer.Events = new JwtBearerEvents
        {
            OnTokenValidated = context =>
            {
                if (context.Principal is not { } user || ToQxm(user, settings) is not { } translated)
                {
                    context.Fail("the token does not name a principal, a role and a tenant");
                    return Task.CompletedTask;
                }

                context.Principal = translated;
                return Task.CompletedTask;
            },
        };
    }

    private static ClaimsPrincipal? ToQxm(ClaimsPrincipal user, JwtSettings settings)
    {
        var name = user.FindFirst(settings.NameClaim)?.Value;
        var role = user.FindFirst(settings.RoleClaim)?.Value;
        var tenants = user.FindAll(settings.TenantClaim).SelectMany(c => Values(c.Value)).Where(t => t.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (string.IsNullOrWhiteSpace(name) || string.IsNullOrWhiteSpace(role) || tenants.Count == 0)
        {
            return null;
        }

        var identity = new ClaimsIdentity("Jwt", ClaimTypes.Name, QxmClaims.Role);
        identity.AddClaim(new Claim(ClaimTypes.Name, name));
        identity.AddClaim(new Claim(QxmClaims.Role, role));
        foreach (var tenant in tenants)
        {
            identity.AddClaim(new Claim(QxmClaims.Tenant, tenant));
        }

        return new ClaimsPrincipal(identity);
    }

    /// <summary>A tenant claim may be repeated or hold a JSON array.</summary>
    private static string[] Values(string value)
    {
        if (!value.StartsWith('['))
        {
            return [value];
        }

        try
        {
            return JsonSerializer.Deserialize<string[]>(value) ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }
}
