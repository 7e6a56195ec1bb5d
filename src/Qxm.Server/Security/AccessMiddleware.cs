using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;
using Qxm.Domain.Security;
using Qxm.Engine.Security;
using Qxm.Server.Endpoints;

namespace Qxm.Server.Security;

/// <summary>Admits each request to an endpoint that declares a permission, before it reads its body: authenticated, acting in
/// one of its own tenants (the <c>X-Qxm-Tenant</c> header may pick among them, nothing else), holding the permission.
/// Object-level checks follow in the authorizing services. With authentication off (loopback only) every caller is the
/// local admin.</summary>
internal sealed class AccessMiddleware(RequestDelegate next, IAccessAudit audit, ServerOptions options, TimeProvider time)
{
    private const string ApiPrefix = "/api/";

    public async Task InvokeAsync(HttpContext context)
    {
        var endpoint = context.GetEndpoint();
        var declared = endpoint?.Metadata.GetMetadata<PermissionMetadata>();
        if (declared is null)
        {
            // Fail closed: an API endpoint that forgot to declare its permission serves nobody. Routing's own answers
            // (405, 415) are plain endpoints, not route endpoints, and pass.
            if (endpoint is RouteEndpoint && context.Request.Path.StartsWithSegments(ApiPrefix.TrimEnd('/'), StringComparison.OrdinalIgnoreCase))
            {
                await SecurityProblems.Forbidden("this endpoint declares no permission").ExecuteAsync(context);
                return;
            }

            await next(context);
            return;
        }

        var action = endpoint?.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName ?? context.Request.Path.ToString();
        var requested = context.Request.Headers[RunEndpointHeaders.Tenant].ToString().Trim();
        Principal? principal;
        if (options.NoAuth)
        {
            principal = Principal.LocalAdmin;
        }
        else
        {
            principal = QxmClaims.ToPrincipal(context.User);
            if (principal is null)
            {
                audit.Record(new AccessEvent(AccessEventKind.Unauthenticated, action, "anonymous", null, null,
                    BearerToken.Of(context.Request) is null ? "no credentials" : "invalid credentials", time.GetUtcNow()));
                context.Response.Headers[HeaderNames.WWWAuthenticate] = "Bearer";
                await SecurityProblems.Unauthenticated().ExecuteAsync(context);
                return;
            }
        }

        var tenant = AccessPolicy.SelectTenant(principal, requested.Length == 0 ? null : requested);
        if (tenant is null)
        {
            audit.Record(new AccessEvent(AccessEventKind.Denied, action, principal.Name, requested, null, "not a tenant of the principal", time.GetUtcNow()));
            await SecurityProblems.Forbidden(requested.Length == 0
                ? "the principal belongs to no tenant"
                : $"'{principal.Name}' does not act for tenant '{requested}'").ExecuteAsync(context);
            return;
        }

        var caller = new Caller(principal, tenant);
        if (AccessPolicy.Decide(caller, declared.Permission) != AccessDecision.Allow)
        {
            audit.Record(new AccessEvent(AccessEventKind.Denied, action, principal.Name, tenant, null,
                $"role {principal.Role} lacks {declared.Permission}", time.GetUtcNow()));
            await SecurityProblems.Forbidden(
                $"role {principal.Role.ToString().ToLowerInvariant()} may not do this (it needs {RolePermissions.LeastRoleFor(declared.Permission).ToString().ToLowerInvariant()})")
                .ExecuteAsync(context);
            return;
        }

        context.Admit(caller);
        await next(context);
    }
}
