using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Qxm.Domain.Provenance;
using Qxm.Domain.Security;
using Qxm.Engine.Api;
using Qxm.Engine.Persistence;
using Qxm.Server.Problems;
using Qxm.Server.Security;

namespace Qxm.Server.Endpoints;

/// <summary><c>/api/v1/runs/{id}/provenance</c>: where a run's result came from, as qxm's record or W3C PROV-JSON.</summary>
internal static class ProvenanceEndpoints
{
    public static IEndpointRouteBuilder MapProvenanceEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGroup(RunEndpoints.Prefix).WithTags("runs")
            .MapGet("/{id}/provenance", GetAsync)
            .WithName("getRunProvenance")
            .WithSummary("The run's provenance: experiment version, submitter, every artifact by hash, backend, target version and "
                + "calibration, qxm build, runtime and machine, attempts, transitions, timings. `format=prov` answers W3C PROV-JSON.")
            .Produces<JsonObject>(StatusCodes.Status200OK, "application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequirePermission(Permission.Read);
        app.MapGroup("/api/v1/experiments").WithTags("experiments")
            .MapGet("", ListVersionsAsync)
            .WithName("listExperimentVersions")
            .WithSummary("The versions (fingerprints) of the experiment `name` (of every experiment without it) that the tenant ran, newest first.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .RequirePermission(Permission.Read);
        return app;
    }

    private static async Task<Results<Ok<RunProvenance>, Ok<JsonObject>, ProblemHttpResult>> GetAsync(
        string id, string? format, IProvenanceService service, CancellationToken cancellationToken)
    {
        var prov = string.Equals(format, "prov", StringComparison.OrdinalIgnoreCase);
        if (!prov && !string.IsNullOrEmpty(format) && !string.Equals(format, "json", StringComparison.OrdinalIgnoreCase))
        {
            return RunProblems.InvalidQuery($"format '{format}' is not one of json, prov");
        }

        var record = await service.GetProvenanceAsync(id, cancellationToken);
        if (record is null)
        {
            return RunProblems.NotFound(id);
        }

        return prov ? TypedResults.Ok(Qxm.Engine.Provenance.ProvJson.Write(record)) : TypedResults.Ok(record);
    }

    private static async Task<Results<Ok<IReadOnlyList<ExperimentVersion>>, ProblemHttpResult>> ListVersionsAsync(
        string? name, int? limit, IProvenanceService service, CancellationToken cancellationToken)
    {
        if (name is { Length: > RunSearchRequest.MaxValueLength })
        {
            return RunProblems.InvalidQuery($"name must be at most {RunSearchRequest.MaxValueLength} characters");
        }

        if (limit is < 1 or > RunEndpoints.MaxListLimit)
        {
            return RunProblems.InvalidQuery($"limit must be between 1 and {RunEndpoints.MaxListLimit}");
        }

        return TypedResults.Ok(await service.ListVersionsAsync(string.IsNullOrEmpty(name) ? null : name, limit ?? 50, cancellationToken));
    }
}
