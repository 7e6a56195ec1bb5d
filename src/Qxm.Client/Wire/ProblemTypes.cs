namespace Qxm.Client.Wire;

/// <summary>The <c>type</c> of every problem the API answers with: stable identifiers clients may switch on.</summary>
public static class ProblemTypes
{
    /// <summary>The experiment or circuit is invalid; the problem lists its diagnostics.</summary>
    public const string InvalidExperiment = "urn:qxm:problem:invalid-experiment";

    /// <summary>The body is neither JSON nor YAML.</summary>
    public const string UnsupportedMediaType = "urn:qxm:problem:unsupported-media-type";

    /// <summary>A query parameter or header is malformed.</summary>
    public const string InvalidQuery = "urn:qxm:problem:invalid-query";

    /// <summary>No such run, or not one of the caller's tenants.</summary>
    public const string RunNotFound = "urn:qxm:problem:run-not-found";

    /// <summary>The run has not succeeded, so it has no results yet.</summary>
    public const string RunNotFinished = "urn:qxm:problem:run-not-finished";

    /// <summary>The run ended, so it cannot be cancelled.</summary>
    public const string RunAlreadyFinished = "urn:qxm:problem:run-already-finished";

    /// <summary>The tenant's queue is full; retry after the Retry-After header.</summary>
    public const string Backpressure = "urn:qxm:problem:backpressure";

    /// <summary>The reservation is malformed.</summary>
    public const string InvalidReservation = "urn:qxm:problem:invalid-reservation";

    /// <summary>The reservation overlaps another.</summary>
    public const string ReservationOverlap = "urn:qxm:problem:reservation-overlap";

    /// <summary>No such reservation.</summary>
    public const string ReservationNotFound = "urn:qxm:problem:reservation-not-found";

    /// <summary>No such webhook.</summary>
    public const string WebhookNotFound = "urn:qxm:problem:webhook-not-found";

    /// <summary>No such backend.</summary>
    public const string BackendNotFound = "urn:qxm:problem:backend-not-found";

    /// <summary>The request is malformed.</summary>
    public const string BadRequest = "urn:qxm:problem:bad-request";

    /// <summary>No key, or an unknown, expired or revoked one.</summary>
    public const string Unauthenticated = "urn:qxm:problem:unauthenticated";

    /// <summary>The caller's role or tenants do not allow the request.</summary>
    public const string Forbidden = "urn:qxm:problem:forbidden";

    /// <summary>The key request is malformed.</summary>
    public const string InvalidKey = "urn:qxm:problem:invalid-key";

    /// <summary>No such key.</summary>
    public const string KeyNotFound = "urn:qxm:problem:key-not-found";

    /// <summary>The vendor credential is malformed.</summary>
    public const string InvalidCredential = "urn:qxm:problem:invalid-credential";

    /// <summary>The server failed (a bug); the problem carries a trace id.</summary>
    public const string Unexpected = "urn:qxm:problem:unexpected";

    /// <summary>A URL names a host the server may not call.</summary>
    public const string HostNotAllowed = "urn:qxm:problem:host-not-allowed";

    /// <summary>Too many requests from the caller; retry after the Retry-After header.</summary>
    public const string RateLimited = "urn:qxm:problem:rate-limited";

    /// <summary>The server gave up on the request.</summary>
    public const string RequestTimeout = "urn:qxm:problem:request-timeout";

    /// <summary>The server's store is failing for now; retry.</summary>
    public const string StoreUnavailable = "urn:qxm:problem:store-unavailable";

    /// <summary>The idempotency key was used for another request.</summary>
    public const string IdempotencyKeyReused = "urn:qxm:problem:idempotency-key-reused";

    /// <summary>A tenant quota refuses the submission.</summary>
    public const string QuotaExceeded = "urn:qxm:problem:quota-exceeded";

    /// <summary>The session request is malformed.</summary>
    public const string InvalidSession = "urn:qxm:problem:invalid-session";

    /// <summary>The session conflicts with the backend's open session.</summary>
    public const string SessionConflict = "urn:qxm:problem:session-conflict";

    /// <summary>503: the backend's vendor did not open its own session for a qxm session (its answer in the detail); nothing was held.</summary>
    public const string VendorSessionUnavailable = "urn:qxm:problem:vendor-session-unavailable";

    /// <summary>No such session.</summary>
    public const string SessionNotFound = "urn:qxm:problem:session-not-found";

    /// <summary>No such loop.</summary>
    public const string LoopNotFound = "urn:qxm:problem:loop-not-found";

    /// <summary>The run is not a reproduction of another, so there is nothing to compare it with.</summary>
    public const string NotAReproduction = "urn:qxm:problem:not-a-reproduction";

    /// <summary>The problem-details extension that lists a refused submission's diagnostics.</summary>
    public const string DiagnosticsExtension = "diagnostics";
}
