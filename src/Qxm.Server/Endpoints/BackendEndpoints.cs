using Qxm.Domain.Security;
using Qxm.Server.Security;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Qxm.Domain.Backends;
using Qxm.Engine.Api;
using Qxm.Engine.Matching;
using Qxm.Server.Guards;

namespace Qxm.Server.Endpoints;

/// <summary><c>/api/v1/backends</c>: what runs can target, and which backends can take a given experiment.</summary>
internal static class BackendEndpoints
{
    public static IEndpointRouteBuilder MapBackendEndpoints(this IEndpointRouteBuilder app, RequestLimits limits)
    {
        var group = app.MapGroup("/api/v1/backends").WithTags("backends");
        group.MapGet("", ListAsync)
            .WithName("listBackends")
            .WithSummary("The backends this instance runs on, with their targets.")
            .RequirePermission(Permission.Read);
        group.MapPost("/match", MatchAsync)
            .WithName("matchBackends")
            .WithSummary("Every backend weighed for an experiment (format v1, circuit inline): eligible ones first, "
                + "the others with the reasons they are excluded.")
            .Accepts<JsonObject>("application/json", [.. ExperimentRequest.YamlMediaTypes])
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ReadsExperiment(limits)
            .RequirePermission(Permission.Read);
        return app;
    }

    private static async Task<Ok<IReadOnlyList<BackendInfo>>> ListAsync(IRunService service, CancellationToken cancellationToken) =>
        TypedResults.Ok(await service.ListBackendsAsync(cancellationToken));

    private static async Task<Results<Ok<IReadOnlyList<BackendCandidate>>, ProblemHttpResult>> MatchAsync(
        HttpRequest request, IRunService service, CancellationToken cancellationToken)
    {
        var (experiment, _, problem) = await ExperimentRequest.ReadAsync(request, cancellationToken);
        if (experiment is null)
        {
            return problem!;
        }

        return TypedResults.Ok(await service.MatchBackendsAsync(experiment, ExperimentRequest.Options(request), cancellationToken));
    }
}
