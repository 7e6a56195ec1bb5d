namespace Qxm.Client.Errors;

/// <summary>What kind of refusal or failure a request met: the engine's outcomes as the API reports them, so a caller acts
/// on the kind (retry, fix the input, ask for rights), never on a message.</summary>
public enum ApiErrorKind
{
    /// <summary>The server answered with a status this client does not classify.</summary>
    Unexpected,

    /// <summary>400, 413, 415: the experiment or the request is invalid; <see cref="ApiProblem.Diagnostics"/> says where
    /// (the engine's <c>SubmitRefusal.Invalid</c>).</summary>
    Invalid,

    /// <summary>401: no key, or an unknown, expired or revoked one.</summary>
    Unauthenticated,

    /// <summary>403: the key's role or tenants do not allow the request.</summary>
    Forbidden,

    /// <summary>403 <see cref="Wire.ProblemTypes.QuotaExceeded"/>: a tenant quota refuses the submission (the engine's
    /// <c>SubmitRefusal.QuotaExceeded</c>).</summary>
    QuotaExceeded,

    /// <summary>404: no such run, loop, session or backend, or not one of the caller's tenants.</summary>
    NotFound,

    /// <summary>409: the object is in a state that does not allow the request: results of a run that did not succeed,
    /// cancelling a run that ended, a session that overlaps another.</summary>
    Conflict,

    /// <summary>422: the idempotency key was used for another request (the engine's <c>SubmitRefusal.IdempotencyKeyReused</c>).</summary>
    IdempotencyKeyReused,

    /// <summary>429 <see cref="Wire.ProblemTypes.Backpressure"/>: the tenant's queue is full; submit again after
    /// <see cref="QxmApiException.RetryAfter"/>.</summary>
    Backpressure,

    /// <summary>429 <see cref="Wire.ProblemTypes.RateLimited"/>: too many requests, still after the client's retries.</summary>
    RateLimited,

    /// <summary>503: the server's store is failing for now, still after the client's retries.</summary>
    Unavailable,

    /// <summary>500 and other 5xx: the server failed; the problem carries its trace id.</summary>
    ServerFault,
}
