using System.Globalization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using Qxm.Server.Guards;
using Qxm.Storage.Faults;

namespace Qxm.Server.Problems;

/// <summary>The API's one catch-all: every exception an endpoint lets escape becomes a problem-details response.
/// Malformed requests keep their 4xx status; a store that is failing for now (locked, down, out of disk) is a 503 with
/// Retry-After that clients retry; anything else is a 500 that tells the client nothing internal.</summary>
internal sealed partial class ProblemExceptionHandler(IProblemDetailsService problems, RequestLimits limits, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        ProblemDetails problem;
        if (exception is BadHttpRequestException bad)
        {
            problem = new ProblemDetails
            {
                Status = bad.StatusCode,
                Title = bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? "Request body too large" : "Bad request",
                Detail = bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? bad.Message + " (limits per endpoint: docs/limits.md)" : bad.Message,
                Type = ProblemTypes.BadRequest,
            };
        }
        else if (exception is Engine.Security.AccessDeniedException denied)
        {
            problem = new ProblemDetails
            {
                Status = StatusCodes.Status403Forbidden,
                Title = "Forbidden",
                Detail = denied.Message,
                Type = ProblemTypes.Forbidden,
            };
        }
        else if (httpContext.RequestAborted.IsCancellationRequested && exception is OperationCanceledException or IOException)
        {
            // The client went away and its work was cancelled: nobody reads an answer, and it is no fault of the server.
            httpContext.Response.StatusCode = 499;
            return true;
        }
        else if (StoreFaults.IsOutage(exception))
        {
            LogStoreOutage(logger, httpContext.Request.Method, httpContext.Request.Path, exception.GetType().Name, exception.Message);
            var seconds = GuardProblems.Seconds(limits.OutageRetryAfter);
            httpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            problem = new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Store unavailable",
                Detail = $"the store is failing for now (locked, restarting or out of space); nothing was changed unless a retry with the same Idempotency-Key finds it; retry after {seconds} s",
                Type = ProblemTypes.StoreUnavailable,
            };
            problem.Extensions["retryAfterSeconds"] = seconds;
        }
        else
        {
            LogUnexpected(logger, httpContext.Request.Method, httpContext.Request.Path, exception);
            problem = new ProblemDetails
            {
                Status = StatusCodes.Status500InternalServerError,
                Title = "Unexpected error",
                Detail = "the server failed to handle the request; its log has the details",
                Type = ProblemTypes.Unexpected,
            };
        }

        httpContext.Response.StatusCode = problem.Status.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception for {Method} {Path}")]
    private static partial void LogUnexpected(ILogger logger, string method, PathString path, Exception exception);

    // One line without the stack: an outage is expected, and a request per second during one would flood the log otherwise.
    [LoggerMessage(Level = LogLevel.Warning, Message = "Store unavailable for {Method} {Path}: {Kind}: {Reason}")]
    private static partial void LogStoreOutage(ILogger logger, string method, PathString path, string kind, string reason);
}
