using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using Qxm.Domain.Errors;
using Qxm.Domain.Experiments;
using Qxm.Engine.Api;
using Qxm.Engine.Experiments;
using Qxm.Server.Guards;
using Qxm.Server.Problems;

namespace Qxm.Server.Endpoints;

/// <summary>Reads an experiment document (format v1, circuit inline) from a request body, for the endpoints that check
/// an experiment without submitting it.</summary>
internal static class ExperimentRequest
{
    /// <summary>The name a request's diagnostics carry: it has no file.</summary>
    public const string Origin = "<request>";

    public static readonly string[] YamlMediaTypes = ["application/yaml", "application/x-yaml", "text/yaml"];

    /// <summary>Marks an endpoint as one that reads an experiment: its larger body limit, and a place among the experiment
    /// requests the server reads at once.</summary>
    public static RouteHandlerBuilder ReadsExperiment(this RouteHandlerBuilder endpoint, RequestLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        return endpoint
            .WithMetadata(new BodySizeLimit(limits.MaxExperimentBytes))
            .RequireRateLimiting(RequestGuards.ExperimentPolicy)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
    }

    /// <summary>The experiment and the loader's warnings, or the problem to answer with.</summary>
    public static async Task<(ExperimentDefinition? Experiment, IReadOnlyList<Diagnostic> Diagnostics, ProblemHttpResult? Problem)> ReadAsync(
        HttpRequest request, CancellationToken cancellationToken)
    {
        var mediaType = MediaTypeHeaderValue.TryParse(request.ContentType, out var parsed) ? parsed.MediaType.Value : null;
        ExperimentFormat format;
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
            return (null, [], RunProblems.UnsupportedMediaType(request.ContentType));
        }

        using var reader = new StreamReader(request.Body);
        var text = await reader.ReadToEndAsync(cancellationToken);
        var loaded = ExperimentLoader.LoadText(text, format, Origin, baseDirectory: null);
        return loaded.Experiment is null
            ? (null, loaded.Diagnostics, RunProblems.Refused(loaded.Diagnostics))
            : (loaded.Experiment, loaded.Diagnostics, null);
    }

    /// <summary>Options for a request: no includes beyond the standard library (a request has no directory), the tenant from its header.</summary>
    public static SubmitOptions Options(HttpRequest request)
    {
        var tenant = request.Headers[RunEndpointHeaders.Tenant].ToString();
        return new SubmitOptions(
            Actor: "api",
            BaseDirectory: null,
            Includes: new Dictionary<string, string>(StringComparer.Ordinal),
            Tenant: string.IsNullOrWhiteSpace(tenant) ? Domain.Tenancy.Tenant.DefaultId : tenant.Trim());
    }
}
