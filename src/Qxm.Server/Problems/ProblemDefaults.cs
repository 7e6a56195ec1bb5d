using Microsoft.AspNetCore.Http;

namespace Qxm.Server.Problems;

/// <summary>Problems the framework answers by itself (routing's 415 for a content type an endpoint does not accept, 404
/// for an unknown path, 405) get a qxm type and a sentence saying what to do.</summary>
internal static class ProblemDefaults
{
    public static void Fill(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        if (problem.Type is not null && problem.Type.StartsWith("urn:qxm:", StringComparison.Ordinal))
        {
            return;
        }

        var request = context.HttpContext.Request;
        (problem.Type, problem.Detail) = problem.Status switch
        {
            StatusCodes.Status415UnsupportedMediaType => (ProblemTypes.UnsupportedMediaType,
                problem.Detail ?? $"content type '{request.ContentType ?? "(none)"}' is not accepted here; send application/json (or application/yaml for experiments)"),
            StatusCodes.Status413PayloadTooLarge => (ProblemTypes.BadRequest,
                problem.Detail ?? $"the request body is larger than {request.Path} accepts (limits per endpoint: docs/limits.md)"),
            StatusCodes.Status400BadRequest => (ProblemTypes.BadRequest,
                problem.Detail ?? (context.Exception?.Message is { } reason ? reason : "the request could not be read: check its JSON against the API's OpenAPI document")),
            StatusCodes.Status404NotFound => (ProblemTypes.BadRequest, problem.Detail ?? $"no such path: {request.Method} {request.Path}"),
            StatusCodes.Status405MethodNotAllowed => (ProblemTypes.BadRequest, problem.Detail ?? $"{request.Method} is not allowed on {request.Path}"),
            _ => (problem.Type ?? ProblemTypes.BadRequest, problem.Detail),
        };
    }
}
