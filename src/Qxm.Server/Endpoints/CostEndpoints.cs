using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Qxm.Domain.Security;
using Qxm.Engine;
using Qxm.Engine.Persistence;
using Qxm.Engine.Security;
using Qxm.Server.Problems;
using Qxm.Server.Security;

namespace Qxm.Server.Endpoints;

/// <summary><c>GET /api/v1/costs</c>: chargeback, runs' estimated, actual and charged costs summed by backend, tenant or
/// experiment. A caller sees its acting tenant's runs; one who manages tenants may name any tenant or leave it out for all.</summary>
internal static class CostEndpoints
{
    public static IEndpointRouteBuilder MapCostEndpoints(this IEndpointRouteBuilder app, QxmEngine engine)
    {
        app.MapGet("/api/v1/costs", (Caller caller, string? tenant, string? since, string? by, CancellationToken cancellationToken) =>
                ListAsync(engine, caller, tenant, since, by, cancellationToken))
            .WithTags("costs")
            .WithName("listCosts")
            .WithSummary("Runs' costs in US dollars (estimated at admission, actual where the vendor reported it, charged = actual else "
                + "estimate) summed by backend, tenant or experiment (by=), since a time (since=, ISO 8601), for a tenant (tenant=).")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .RequirePermission(Permission.Read);
        return app;
    }

    private static async Task<Results<Ok<IReadOnlyList<CostLine>>, ProblemHttpResult>> ListAsync(
        QxmEngine engine, Caller caller, string? tenant, string? since, string? by, CancellationToken cancellationToken)
    {
        if (!Enum.TryParse<CostGrouping>(by ?? "backend", ignoreCase: true, out var grouping) || !Enum.IsDefined(grouping) || int.TryParse(by, out _))
        {
            return Problem(StatusCodes.Status400BadRequest, "Invalid query", ProblemTypes.BadRequest, $"by must be backend, tenant or experiment, not '{by}'");
        }

        DateTimeOffset? from = null;
        if (!string.IsNullOrEmpty(since))
        {
            if (!DateTimeOffset.TryParse(since, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                return Problem(StatusCodes.Status400BadRequest, "Invalid query", ProblemTypes.BadRequest, $"since must be an ISO 8601 date or time, not '{since}'");
            }

            from = parsed;
        }

        var everyTenant = caller.Principal.Holds(Permission.ManageTenants);
        if (!everyTenant && tenant is not null && !string.Equals(tenant, caller.Tenant, StringComparison.Ordinal))
        {
            return Problem(StatusCodes.Status403Forbidden, "Forbidden", ProblemTypes.Forbidden, $"only a caller who manages tenants may read tenant '{tenant}''s costs");
        }

        var scope = everyTenant ? tenant : caller.Tenant;
        return TypedResults.Ok(await engine.Costs.ListCostsAsync(new CostQuery(grouping, scope, from), cancellationToken));
    }

    private static ProblemHttpResult Problem(int status, string title, string type, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title, type: type);
}
