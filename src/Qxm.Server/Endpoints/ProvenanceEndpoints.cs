using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Qxm.Domain.Provenance;
using Qxm.Domain.Security;
using Qxm.Engine.Api;
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
}
