using System.Net;
using Qxm.Client.Wire;
using Qxm.Domain.Errors;

namespace Qxm.Client.Errors;

/// <summary>The server refused or failed a request: its status, the <see cref="ApiErrorKind"/> to act on, and the problem
/// details it answered with.</summary>
public sealed class QxmApiException : QxmException
{
    /// <summary>An exception for a refused request.</summary>
    public QxmApiException(HttpStatusCode status, ApiProblem problem, TimeSpan? retryAfter = null)
        : base($"the server answered {(int)status}: {problem?.Detail}")
    {
        ArgumentNullException.ThrowIfNull(problem);
        Status = status;
        Problem = problem;
        RetryAfter = retryAfter;
        Kind = Classify(status, problem.Type);
    }

    /// <summary>The HTTP status.</summary>
    public HttpStatusCode Status { get; }

    /// <summary>What kind of refusal it is.</summary>
    public ApiErrorKind Kind { get; }

    /// <summary>The server's problem details.</summary>
    public ApiProblem Problem { get; }

    /// <summary>The server's Retry-After, on <see cref="ApiErrorKind.Backpressure"/>, <see cref="ApiErrorKind.RateLimited"/>
    /// and <see cref="ApiErrorKind.Unavailable"/>.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>The kind of a status and problem type.</summary>
    public static ApiErrorKind Classify(HttpStatusCode status, string? problemType) => (int)status switch
    {
        400 or 413 or 415 => ApiErrorKind.Invalid,
        401 => ApiErrorKind.Unauthenticated,
        403 when problemType == ProblemTypes.QuotaExceeded => ApiErrorKind.QuotaExceeded,
        403 => ApiErrorKind.Forbidden,
        404 => ApiErrorKind.NotFound,
        409 => ApiErrorKind.Conflict,
        422 => ApiErrorKind.IdempotencyKeyReused,
        429 when problemType == ProblemTypes.RateLimited => ApiErrorKind.RateLimited,
        429 => ApiErrorKind.Backpressure,
        503 => ApiErrorKind.Unavailable,
        >= 500 => ApiErrorKind.ServerFault,
        _ => ApiErrorKind.Unexpected,
    };
}
