using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Qxm.Domain.Security;
using Qxm.Engine.Slo;
using Qxm.Server.Composition;
using Qxm.Server.Problems;
using Qxm.Server.Security;

namespace Qxm.Server.Endpoints;

/// <summary><c>/api/v1/slo</c>: the SLIs computed from the store over a window, overall and per tenant and backend.</summary>
internal static class SloEndpoints
{
    public static IEndpointRouteBuilder MapSloEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/slo", GetAsync)
            .WithTags("slo")
            .WithName("getSlis")
            .WithSummary("SLIs over a window (1h, 1d, 30d, ...): success rate, latencies, queue wait, telemetry completeness, scheduler error rate, ingestion latency, retry rate, device utilisation (reserved and unreserved), drift and denied-access rates, cost per experiment.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .RequirePermission(Permission.ManageTenants);
        return app;
    }

    private static async Task<Results<Ok<SliReport>, ProblemHttpResult>> GetAsync(
        QxmRuntime runtime, string? window, CancellationToken cancellationToken)
    {
        if (!SliWindow.TryParse(window ?? "1d", out var span))
        {
            return RunProblems.InvalidQuery($"window '{window}' is not a duration such as 1h, 1d or 30d");
        }

        return TypedResults.Ok(await runtime.Slis.ComputeAsync(span, cancellationToken));
    }
}
