using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Qxm.Domain.Security;
using Qxm.Engine.Retention;
using Qxm.Server.Composition;
using Qxm.Server.Problems;
using Qxm.Server.Security;

namespace Qxm.Server.Endpoints;

/// <summary><c>POST /api/v1/admin/gc</c>: one retention pass now, or with <c>dryRun=true</c> what it would do. It acts on
/// every tenant, so it asks for the permission to manage tenants (admins).</summary>
internal static class RetentionEndpoints
{
    public static IEndpointRouteBuilder MapRetentionEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/v1/admin").WithTags("admin")
            .MapPost("/gc", CollectAsync)
            .WithName("collectGarbage")
            .WithSummary("Apply every tenant's retention policy now: expired results to the archive (or raw answers deleted), "
                + "Rejected runs and orphaned artifacts collected; `dryRun=true` only counts. Runs, artifacts and bytes per kind and tenant.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .RequirePermission(Permission.ManageTenants);
        return app;
    }

    private static async Task<Results<Ok<RetentionReport>, ProblemHttpResult>> CollectAsync(
        string? dryRun, QxmRuntime runtime, CancellationToken cancellationToken)
    {
        bool dry;
        switch (dryRun)
        {
            case null or "" or "false":
                dry = false;
                break;
            case "true":
                dry = true;
                break;
            default:
                return RunProblems.InvalidQuery($"dryRun: '{dryRun}' is not true or false");
        }

        return TypedResults.Ok(await runtime.Collector.CollectAsync(dry, cancellationToken));
    }
}
