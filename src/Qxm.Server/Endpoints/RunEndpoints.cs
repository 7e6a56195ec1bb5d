using Qxm.Domain.Security;
using Qxm.Server.Security;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Qxm.Domain.Runs;
using Qxm.Engine.Api;
using Qxm.Engine.Persistence;
using Qxm.Server.Guards;
using Qxm.Server.Problems;

namespace Qxm.Server.Endpoints;

/// <summary><c>/api/v1/runs</c>: submit, list, inspect, read results, cancel.</summary>
internal static class RunEndpoints
{
    public const string Prefix = "/api/v1/runs";
    public const int MaxListLimit = 1000;

    /// <summary>Longer keys than this are refused: a key names a submission, it does not carry data.</summary>
    public const int MaxIdempotencyKeyLength = 255;

    public static IEndpointRouteBuilder MapRunEndpoints(this IEndpointRouteBuilder app, RequestLimits limits)
    {
        var runs = app.MapGroup(Prefix).WithTags("runs");
        runs.MapPost("", SubmitAsync)
            .WithName("submitRun")
            .WithSummary("Submit an experiment (format v1, circuit inline) as JSON or YAML; the run is queued.")
            .Accepts<JsonObject>("application/json", [.. ExperimentRequest.YamlMediaTypes])
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .ReadsExperiment(limits)
            .RequirePermission(Permission.Submit);
        runs.MapGet("", ListAsync)
            .WithName("listRuns")
            .WithSummary("Runs, newest first (`order=oldest` for oldest first), filtered by state, backend, tag, name, fingerprint, "
                + "submitter and creation time (`since`, `until`); `limit` at a time, the next page named by the `Link` header "
                + "(rel=next) and `X-Qxm-Next-Cursor`, to pass back as `cursor`.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .RequirePermission(Permission.Read);
        runs.MapGet("/{id}", GetAsync)
            .WithName("getRun")
            .WithSummary("One run.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequirePermission(Permission.Read);
        runs.MapGet("/{id}/results", GetResultsAsync)
            .WithName("getRunResults")
            .WithSummary("The counts of a succeeded run, per sweep point.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .RequirePermission(Permission.Read);
        runs.MapPost("/{id}/cancel", CancelAsync)
            .WithName("cancelRun")
            .WithSummary("Cancel a run that has not finished: a submitter its own runs, an operator any run of its tenant.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .RequirePermission(Permission.CancelOwnRun);
        return app;
    }

    private static async Task<Results<Accepted<Run>, ProblemHttpResult>> SubmitAsync(
        HttpRequest request, HttpResponse response, IRunService service, CancellationToken cancellationToken)
    {
        var key = request.Headers[RunEndpointHeaders.IdempotencyKey].ToString().Trim();
        if (key.Length > MaxIdempotencyKeyLength || key.Any(c => c is < '!' or > '~'))
        {
            return RunProblems.InvalidHeader(RunEndpointHeaders.IdempotencyKey,
                $"must be at most {MaxIdempotencyKeyLength} printable ASCII characters without spaces");
        }

        var (experiment, loaded, problem) = await ExperimentRequest.ReadAsync(request, cancellationToken);
        if (experiment is null)
        {
            return problem!;
        }

        var options = ExperimentRequest.Options(request) with { IdempotencyKey = key.Length == 0 ? null : key };
        var outcome = await service.SubmitAsync(experiment, options, cancellationToken);
        if (outcome.RetryAfter is { } retryAfter)
        {
            var seconds = (long)Math.Ceiling(Math.Max(1, retryAfter.TotalSeconds));
            response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return RunProblems.Backpressure(outcome.Diagnostics, seconds);
        }

        if (outcome.Run is null)
        {
            return outcome.Refusal switch
            {
                SubmitRefusal.IdempotencyKeyReused => RunProblems.KeyReused(outcome.Diagnostics),
                SubmitRefusal.QuotaExceeded => RunProblems.QuotaExceeded(outcome.Diagnostics),
                _ => RunProblems.Refused([.. loaded, .. outcome.Diagnostics], outcome.RejectedRunId),
            };
        }

        if (outcome.Replayed)
        {
            response.Headers[RunEndpointHeaders.IdempotentReplayed] = "true";
        }

        return TypedResults.Accepted($"{Prefix}/{outcome.Run.Id}", outcome.Run);
    }

    private static async Task<Results<Ok<IReadOnlyList<Run>>, ProblemHttpResult>> ListAsync(
        HttpRequest request, HttpResponse response, IRunService service, string? state, string? backend, int? limit,
        [AsParameters] RunSearchRequest search, CancellationToken cancellationToken)
    {
        RunState? stateFilter = null;
        if (!string.IsNullOrEmpty(state))
        {
            if (!Enum.TryParse<RunState>(state, ignoreCase: true, out var parsed) || !RunLifecycle.InUse.Contains(parsed))
            {
                var known = string.Join(", ", RunLifecycle.InUse.Select(n => n.ToString().ToLowerInvariant()));
                return RunProblems.InvalidQuery($"state '{state}' is not one of {known}");
            }

            stateFilter = parsed;
        }

        if (limit is < 1 or > MaxListLimit)
        {
            return RunProblems.InvalidQuery($"limit must be between 1 and {MaxListLimit}");
        }

        var (query, problem) = search.Apply(new RunQuery(stateFilter, string.IsNullOrEmpty(backend) ? null : backend, limit ?? new RunQuery().Limit));
        if (query is null)
        {
            return problem!;
        }

        var runs = await service.ListAsync(query, cancellationToken);
        if (runs.Count == query.Limit)
        {
            var next = RunCursor.After(runs[^1]);
            response.Headers[RunEndpointHeaders.NextCursor] = next.Encode();
            response.Headers.Link = RunSearchRequest.NextLink(request, next);
        }

        return TypedResults.Ok(runs);
    }

    private static async Task<Results<Ok<Run>, ProblemHttpResult>> GetAsync(string id, IRunService service, CancellationToken cancellationToken)
    {
        var run = await service.GetAsync(id, cancellationToken);
        return run is null ? RunProblems.NotFound(id) : TypedResults.Ok(run);
    }

    private static async Task<Results<Ok<RunResult>, ProblemHttpResult>> GetResultsAsync(
        string id, IRunService service, CancellationToken cancellationToken)
    {
        var run = await service.GetAsync(id, cancellationToken);
        if (run is null)
        {
            return RunProblems.NotFound(id);
        }

        var result = await service.GetResultAsync(id, cancellationToken);
        return result is null ? RunProblems.NotFinished(run) : TypedResults.Ok(result);
    }

    private static async Task<Results<Ok<Run>, ProblemHttpResult>> CancelAsync(string id, IRunService service, CancellationToken cancellationToken)
    {
        var outcome = await service.CancelAsync(id, cancellationToken);
        var run = await service.GetAsync(id, cancellationToken);
        return outcome switch
        {
            CancelOutcome.Cancelled when run is not null => TypedResults.Ok(run),
            CancelOutcome.AlreadyFinished => RunProblems.AlreadyFinished(id, run?.State),
            CancelOutcome.Forbidden => SecurityProblems.Forbidden($"a submitter cancels only the runs it submitted; '{id}' is another's"),
            _ => RunProblems.NotFound(id),
        };
    }
}
