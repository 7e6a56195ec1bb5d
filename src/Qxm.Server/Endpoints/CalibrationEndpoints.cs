using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Qxm.Domain.Security;
using Qxm.Engine.Api;
using Qxm.Engine.Security;
using Qxm.Server.Problems;
using Qxm.Server.Security;

namespace Qxm.Server.Endpoints;

/// <summary><c>/api/v1/backends/{id}/calibration</c>: a backend's calibration, its history and drift, and the operator's
/// release of runs drift holds.</summary>
internal static class CalibrationEndpoints
{
    public static IEndpointRouteBuilder MapCalibrationEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/backends/{id}/calibration").WithTags("calibration");
        group.MapGet("", GetAsync)
            .WithName("getCalibration")
            .WithSummary("The backend's calibration snapshot in effect (recorded as it is read), its history since a time "
                + "(ISO 8601 `since`), optionally of one qubit, its drift events and how many runs drift holds.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequirePermission(Permission.Read);
        group.MapPost("/release", ReleaseAsync)
            .WithName("releaseDriftHolds")
            .WithSummary("Release the acting tenant's runs held on this backend for calibration drift (one of them with `run`); "
                + "they are dispatched and carry the drift in their record.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequirePermission(Permission.CancelAnyRun);
        return app;
    }

    private static async Task<Results<Ok<CalibrationReport>, ProblemHttpResult>> GetAsync(
        string id, string? since, int? qubit, ICalibrationService service, CancellationToken cancellationToken)
    {
        DateTimeOffset? from = null;
        if (!string.IsNullOrEmpty(since))
        {
            if (!DateTimeOffset.TryParse(since, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                return RunProblems.InvalidQuery($"since '{since}' is not an ISO 8601 time such as 2025-01-06T08:00:00Z");
            }

            from = parsed;
        }

        if (qubit is < 0)
        {
            return RunProblems.InvalidQuery($"qubit must be 0 or more, not {qubit}");
        }

        var report = await service.GetCalibrationAsync(id, from, qubit, cancellationToken);
        return report is null ? BackendNotFound(id) : TypedResults.Ok(report);
    }

    private static async Task<Results<Ok<ReleaseResult>, ProblemHttpResult>> ReleaseAsync(
        string id, string? run, Caller caller, ICalibrationService service, CancellationToken cancellationToken)
    {
        var released = await service.ReleaseHeldAsync(id, string.IsNullOrWhiteSpace(run) ? null : run.Trim(), caller.Tenant, caller.Principal.Name, cancellationToken);
        return released is { } count ? TypedResults.Ok(new ReleaseResult(id, count)) : BackendNotFound(id);
    }

    private static ProblemHttpResult BackendNotFound(string id) => TypedResults.Problem(
        detail: $"no backend with id '{id}' (qxm backends lists them)",
        statusCode: StatusCodes.Status404NotFound,
        title: "Backend not found",
        type: ProblemTypes.BackendNotFound);
}
