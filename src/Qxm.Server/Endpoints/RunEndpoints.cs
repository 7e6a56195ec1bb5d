using Qxm.Domain.Security;
using Qxm.Server.Security;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;
using Qxm.Domain.Runs;
using Qxm.Engine.Api;
using Qxm.Engine.Experiments;
using Qxm.Engine.Persistence;
using Qxm.Server.Problems;

namespace Qxm.Server.Endpoints;

/// <summary><c>/api/v1/runs</c>: submit, list, inspect, read results, cancel.</summary>
internal static class RunEndpoints
{
    public const string Prefix = "/api/v1/runs";
    public const int MaxListLimit = 1000;

    /// <summary>The name a submitted document's diagnostics carry: it has no file.</summary>
    private const string RequestOrigin = "<request>";

    private static readonly string[] YamlMediaTypes = ["application/yaml", "application/x-yaml", "text/yaml"];

    public static IEndpointRouteBuilder MapRunEndpoints(this IEndpointRouteBuilder app)
    {
        var runs = app.MapGroup(Prefix).WithTags("runs");
        runs.MapPost("", SubmitAsync)
            .WithName("submitRun")
            .WithSummary("Submit an experiment (format v1, circuit inline) as JSON or YAML; the run is queued.")
            .Accepts<JsonObject>("application/json", [.. YamlMediaTypes])
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .RequirePermission(Permission.Submit);
        runs.MapGet("", ListAsync)
            .WithName("listRuns")
            .WithSummary("Recent runs, newest first.")
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
        ExperimentFormat format;
        var mediaType = MediaTypeHeaderValue.TryParse(request.ContentType, out var parsed) ? parsed.MediaType.Value : null;
        if (string.Equals(mediaType, "application/json", StringComparison.OrdinalIgnoreCase))
        {
            format = ExperimentFormat.Json;
        }
        else if (YamlMediaTypes.Contains(mediaType, StringComparer.OrdinalIgnoreCase))
        {
            format = ExperimentFormat.Yaml;
        }
        else
        {
            return RunProblems.UnsupportedMediaType(request.ContentType);
        }

        using var reader = new StreamReader(request.Body);
        var text = await reader.ReadToEndAsync(cancellationToken);
        var loaded = ExperimentLoader.LoadText(text, format, RequestOrigin, baseDirectory: null);
        if (loaded.Experiment is null)
        {
            return RunProblems.Refused(loaded.Diagnostics);
        }

        // No includes beyond the standard library: a request has no directory to read them from.
        var tenant = request.Headers[RunEndpointHeaders.Tenant].ToString();
        var key = request.Headers[RunEndpointHeaders.IdempotencyKey].ToString();
        var options = new SubmitOptions(
            Actor: "api",
            BaseDirectory: null,
            Includes: new Dictionary<string, string>(StringComparer.Ordinal),
            Tenant: string.IsNullOrWhiteSpace(tenant) ? Domain.Tenancy.Tenant.DefaultId : tenant.Trim(),
            IdempotencyKey: string.IsNullOrWhiteSpace(key) ? null : key.Trim());
        var outcome = await service.SubmitAsync(loaded.Experiment, options, cancellationToken);
        if (outcome.RetryAfter is { } retryAfter)
        {
            var seconds = (long)Math.Ceiling(Math.Max(1, retryAfter.TotalSeconds));
            response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return RunProblems.Backpressure(outcome.Diagnostics, seconds);
        }

        if (outcome.Run is null)
        {
            return RunProblems.Refused([.. loaded.Diagnostics, .. outcome.Diagnostics], outcome.RejectedRunId);
        }

        return TypedResults.Accepted($"{Prefix}/{outcome.Run.Id}", outcome.Run);
    }

    private static async Task<Results<Ok<IReadOnlyList<Run>>, ProblemHttpResult>> ListAsync(
        IRunService service, string? state, string? backend, int? limit, CancellationToken cancellationToken)
    {
        RunState? stateFilter = null;
        if (!string.IsNullOrEmpty(state))
        {
            if (!Enum.TryParse<RunState>(state, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
            {
                var known = string.Join(", ", Enum.GetNames<RunState>().Select(n => n.ToLowerInvariant()));
                return RunProblems.InvalidQuery($"state '{state}' is not one of {known}");
            }

            stateFilter = parsed;
        }

        if (limit is < 1 or > MaxListLimit)
        {
            return RunProblems.InvalidQuery($"limit must be between 1 and {MaxListLimit}");
        }

        var query = new RunQuery(stateFilter, string.IsNullOrEmpty(backend) ? null : backend, limit ?? new RunQuery().Limit);
        return TypedResults.Ok(await service.ListAsync(query, cancellationToken));
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
