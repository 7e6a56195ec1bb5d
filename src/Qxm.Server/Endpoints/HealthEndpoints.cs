using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Qxm.Server.Composition;

namespace Qxm.Server.Endpoints;

/// <summary>Probes: <c>/healthz</c> says the process answers, <c>/readyz</c> that it can serve (its store answers).</summary>
internal static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        var health = app.MapGroup("").WithTags("health");
        health.MapGet("/healthz", () => TypedResults.Text("ok"))
            .WithName("health")
            .WithSummary("The process is up.");
        health.MapGet("/readyz", ReadyAsync)
            .WithName("ready")
            .WithSummary("The instance can serve requests: its store answers.")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> ReadyAsync(QxmRuntime runtime, CancellationToken cancellationToken) =>
        await runtime.IsReadyAsync(cancellationToken)
            ? TypedResults.Text("ready")
            : TypedResults.Problem(detail: "the store does not answer", statusCode: StatusCodes.Status503ServiceUnavailable, title: "Not ready");
}
