using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Qxm.Domain.Errors;
using Qxm.Domain.Runs;

namespace Qxm.Server.Problems;

/// <summary>The problems the run endpoints answer with, worded once.</summary>
internal static class RunProblems
{
    /// <param name="rejectedRunId">The Rejected run that keeps the diagnostics, when the circuit parsed.</param>
    public static ProblemHttpResult Refused(IReadOnlyList<Diagnostic> diagnostics, string? rejectedRunId = null)
    {
        var errors = diagnostics.Where(d => d.IsError).ToList();
        var first = errors.Count > 0 ? errors[0] : diagnostics.Count > 0 ? diagnostics[0] : null;
        return TypedResults.Problem(
            detail: first?.ToString() ?? "the experiment was refused",
            statusCode: StatusCodes.Status400BadRequest,
            title: "The experiment is invalid",
            type: ProblemTypes.InvalidExperiment,
            extensions: rejectedRunId is null
                ? new Dictionary<string, object?>(StringComparer.Ordinal)
                {
                    [ProblemTypes.DiagnosticsExtension] = diagnostics.Select(ProblemDiagnostic.From).ToList(),
                }
                : new Dictionary<string, object?>(StringComparer.Ordinal)
                {
                    [ProblemTypes.DiagnosticsExtension] = diagnostics.Select(ProblemDiagnostic.From).ToList(),
                    ["rejectedRunId"] = rejectedRunId,
                });
    }

    public static ProblemHttpResult Backpressure(IReadOnlyList<Diagnostic> diagnostics, long retryAfterSeconds) => TypedResults.Problem(
        detail: $"{(diagnostics.Count > 0 ? diagnostics[0].Message : "the tenant's limits are reached")}; retry after {retryAfterSeconds} s",
        statusCode: StatusCodes.Status429TooManyRequests,
        title: "Too many runs for this tenant now",
        type: ProblemTypes.Backpressure,
        extensions: new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            [ProblemTypes.DiagnosticsExtension] = diagnostics.Select(ProblemDiagnostic.From).ToList(),
            ["retryAfterSeconds"] = retryAfterSeconds,
        });

    public static ProblemHttpResult KeyReused(IReadOnlyList<Diagnostic> diagnostics) => TypedResults.Problem(
        detail: diagnostics.Count > 0 ? diagnostics[0].Message : "the idempotency key was used for another request",
        statusCode: StatusCodes.Status422UnprocessableEntity,
        title: "Idempotency key reused with a different request",
        type: ProblemTypes.IdempotencyKeyReused,
        extensions: new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            [ProblemTypes.DiagnosticsExtension] = diagnostics.Select(ProblemDiagnostic.From).ToList(),
        });

    public static ProblemHttpResult QuotaExceeded(IReadOnlyList<Diagnostic> diagnostics) => TypedResults.Problem(
        detail: diagnostics.Count > 0 ? diagnostics[0].Message : "the tenant's quota is used up",
        statusCode: StatusCodes.Status403Forbidden,
        title: "Quota exceeded",
        type: ProblemTypes.QuotaExceeded,
        extensions: new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            [ProblemTypes.DiagnosticsExtension] = diagnostics.Select(ProblemDiagnostic.From).ToList(),
        });

    public static ProblemHttpResult InvalidHeader(string header, string rule) => TypedResults.Problem(
        detail: $"header '{header}' {rule}",
        statusCode: StatusCodes.Status400BadRequest,
        title: "Invalid header",
        type: ProblemTypes.BadRequest);

    public static ProblemHttpResult UnsupportedMediaType(string? contentType) => TypedResults.Problem(
        detail: $"content type '{contentType ?? "(none)"}' is not accepted; send application/json or application/yaml",
        statusCode: StatusCodes.Status415UnsupportedMediaType,
        title: "Unsupported media type",
        type: ProblemTypes.UnsupportedMediaType);

    public static ProblemHttpResult InvalidQuery(string detail) => TypedResults.Problem(
        detail: detail, statusCode: StatusCodes.Status400BadRequest, title: "Invalid query", type: ProblemTypes.InvalidQuery);

    public static ProblemHttpResult NotFound(string runId) => TypedResults.Problem(
        detail: $"no run with id '{runId}'",
        statusCode: StatusCodes.Status404NotFound,
        title: "Run not found",
        type: ProblemTypes.RunNotFound);

    public static ProblemHttpResult NotFinished(Run run) => TypedResults.Problem(
        detail: RunLifecycle.IsTerminal(run.State)
            ? $"run '{run.Id}' ended {run.State.ToString().ToLowerInvariant()} and has no results"
            : $"run '{run.Id}' is {run.State.ToString().ToLowerInvariant()}; results exist once it has succeeded",
        statusCode: StatusCodes.Status409Conflict,
        title: "Run has no results",
        type: ProblemTypes.RunNotFinished);

    public static ProblemHttpResult AlreadyFinished(string runId, RunState? state) => TypedResults.Problem(
        detail: state is { } s
            ? $"run '{runId}' already ended {s.ToString().ToLowerInvariant()}"
            : $"run '{runId}' already ended",
        statusCode: StatusCodes.Status409Conflict,
        title: "Run already finished",
        type: ProblemTypes.RunAlreadyFinished);
}
