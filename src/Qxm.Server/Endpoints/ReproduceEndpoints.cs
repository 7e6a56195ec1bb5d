using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Qxm.Domain.Runs;
using Qxm.Domain.Security;
using Qxm.Engine.Api;
using Qxm.Engine.Reproduction;
using Qxm.Server.Problems;
using Qxm.Server.Security;

namespace Qxm.Server.Endpoints;

/// <summary><c>POST /api/v1/runs/{id}/reproduce</c> reruns a run's experiment version; <c>GET /api/v1/runs/{id}/comparison</c>
/// compares a rerun with its original.</summary>
internal static class ReproduceEndpoints
{
    public const int MaxShots = 10_000_000;

    public static IEndpointRouteBuilder MapReproduceEndpoints(this IEndpointRouteBuilder app)
    {
        var runs = app.MapGroup(RunEndpoints.Prefix).WithTags("runs");
        runs.MapPost("/{id}/reproduce", ReproduceAsync)
            .WithName("reproduceRun")
            .WithSummary("Rerun a succeeded run's experiment version (same seed; `backend` and `shots` may change), linked to it "
                + "in both runs' provenance. The rerun is queued; its comparison is at /comparison once it has finished.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .RequirePermission(Permission.Submit);
        runs.MapGet("/{id}/comparison", CompareAsync)
            .WithName("getRunComparison")
            .WithSummary("A rerun compared with the run it reproduces: identical counts, or per sweep point the total variation "
                + "distance with its bound and a chi-square test, a verdict, and the calibration difference.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .RequirePermission(Permission.Read);
        return app;
    }

    private static async Task<Results<Accepted<Run>, ProblemHttpResult>> ReproduceAsync(
        string id, string? backend, int? shots, IReproduceService service, CancellationToken cancellationToken)
    {
        if (shots is < 1 or > MaxShots)
        {
            return RunProblems.InvalidQuery($"shots must be between 1 and {MaxShots}");
        }

        var outcome = await service.ReproduceAsync(id, string.IsNullOrEmpty(backend) ? null : backend, shots, cancellationToken);
        return outcome.Status switch
        {
            ReproduceStatus.Submitted => TypedResults.Accepted($"{RunEndpoints.Prefix}/{outcome.Rerun!.Id}", outcome.Rerun),
            ReproduceStatus.NotSucceeded => TypedResults.Problem(
                detail: $"run '{id}' has not succeeded: there is no result to reproduce", statusCode: StatusCodes.Status409Conflict,
                title: "Nothing to reproduce", type: ProblemTypes.RunNotFinished),
            ReproduceStatus.Refused => RunProblems.Refused(outcome.Diagnostics ?? []),
            _ => RunProblems.NotFound(id),
        };
    }

    private static async Task<Results<Ok<RunComparison>, ProblemHttpResult>> CompareAsync(
        string id, IReproduceService service, CancellationToken cancellationToken)
    {
        var outcome = await service.CompareAsync(id, cancellationToken);
        return outcome.Status switch
        {
            ComparisonStatus.Compared => TypedResults.Ok(outcome.Comparison!),
            ComparisonStatus.NotAReproduction => TypedResults.Problem(
                detail: $"run '{id}' reproduces no other run: compare the rerun that POST /reproduce answered", statusCode: StatusCodes.Status409Conflict,
                title: "Not a reproduction", type: ProblemTypes.NotAReproduction),
            ComparisonStatus.NotFinished => TypedResults.Problem(
                detail: $"run '{id}' or its original '{outcome.OriginalRunId}' has no result yet", statusCode: StatusCodes.Status409Conflict,
                title: "Not finished", type: ProblemTypes.RunNotFinished),
            _ => RunProblems.NotFound(id),
        };
    }
}
