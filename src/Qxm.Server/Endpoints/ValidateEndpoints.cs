using Qxm.Domain.Security;
using Qxm.Server.Security;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Qxm.Engine.Api;
using Qxm.Server.Guards;
using Qxm.Server.Problems;

namespace Qxm.Server.Endpoints;

/// <summary><c>POST /api/v1/validate</c>: every problem submission would find, with nothing stored; <c>POST /api/v1/estimate</c>:
/// the same check and what the run would cost under its backend's price model, before anything is submitted.</summary>
internal static class ValidateEndpoints
{
    public static IEndpointRouteBuilder MapValidateEndpoints(this IEndpointRouteBuilder app, RequestLimits limits)
    {
        app.MapPost("/api/v1/validate", ValidateAsync)
            .WithTags("validation")
            .WithName("validateExperiment")
            .WithSummary("Check an experiment (format v1, circuit inline) against its backend, or the one its requirements choose; "
                + "errors answer 400 with the diagnostics, warnings come back with 200.")
            .Accepts<JsonObject>("application/json", [.. ExperimentRequest.YamlMediaTypes])
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ReadsExperiment(limits)
            .RequirePermission(Permission.Read);
        app.MapPost("/api/v1/estimate", ValidateAsync)
            .WithTags("validation")
            .WithName("estimateExperiment")
            .WithSummary("What an experiment would cost on its backend (estimatedCostUsd, US dollars, under the backend's pricing), "
                + "checked as submission would check it; nothing is sent to a vendor and nothing is stored. An invalid experiment answers 400.")
            .Accepts<JsonObject>("application/json", [.. ExperimentRequest.YamlMediaTypes])
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ReadsExperiment(limits)
            .RequirePermission(Permission.Read);
        return app;
    }

    private static async Task<Results<Ok<ValidationOutcome>, ProblemHttpResult>> ValidateAsync(
        HttpRequest request, IRunService service, CancellationToken cancellationToken)
    {
        var (experiment, loaded, problem) = await ExperimentRequest.ReadAsync(request, cancellationToken);
        if (experiment is null)
        {
            return problem!;
        }

        var outcome = await service.ValidateAsync(experiment, ExperimentRequest.Options(request), cancellationToken);
        var diagnostics = loaded.Concat(outcome.Diagnostics).ToList();
        return outcome.Valid ? TypedResults.Ok(outcome with { Diagnostics = diagnostics }) : RunProblems.Refused(diagnostics);
    }
}
