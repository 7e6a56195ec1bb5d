namespace Qxm.Server.Problems;

/// <summary>The <c>type</c> of every problem the API answers with: stable identifiers clients may switch on.</summary>
public static class ProblemTypes
{
    public const string InvalidExperiment = "urn:qxm:problem:invalid-experiment";
    public const string UnsupportedMediaType = "urn:qxm:problem:unsupported-media-type";
    public const string InvalidQuery = "urn:qxm:problem:invalid-query";
    public const string RunNotFound = "urn:qxm:problem:run-not-found";
    public const string RunNotFinished = "urn:qxm:problem:run-not-finished";
    public const string RunAlreadyFinished = "urn:qxm:problem:run-already-finished";
    public const string Backpressure = "urn:qxm:problem:backpressure";
    public const string InvalidReservation = "urn:qxm:problem:invalid-reservation";
    public const string ReservationOverlap = "urn:qxm:problem:reservation-overlap";
    public const string ReservationNotFound = "urn:qxm:problem:reservation-not-found";
    public const string WebhookNotFound = "urn:qxm:problem:webhook-not-found";
    public const string BackendNotFound = "urn:qxm:problem:backend-not-found";
    public const string BadRequest = "urn:qxm:problem:bad-request";
    public const string Unauthenticated = "urn:qxm:problem:unauthenticated";
    public const string Forbidden = "urn:qxm:problem:forbidden";
    public const string InvalidKey = "urn:qxm:problem:invalid-key";
    public const string KeyNotFound = "urn:qxm:problem:key-not-found";
    public const string InvalidCredential = "urn:qxm:problem:invalid-credential";
    public const string Unexpected = "urn:qxm:problem:unexpected";
    public const string HostNotAllowed = "urn:qxm:problem:host-not-allowed";
    public const string RateLimited = "urn:qxm:problem:rate-limited";
    public const string RequestTimeout = "urn:qxm:problem:request-timeout";
    public const string StoreUnavailable = "urn:qxm:problem:store-unavailable";
    public const string IdempotencyKeyReused = "urn:qxm:problem:idempotency-key-reused";
    public const string QuotaExceeded = "urn:qxm:problem:quota-exceeded";
    public const string InvalidSession = "urn:qxm:problem:invalid-session";
    public const string SessionConflict = "urn:qxm:problem:session-conflict";
    public const string SessionNotFound = "urn:qxm:problem:session-not-found";
    public const string LoopNotFound = "urn:qxm:problem:loop-not-found";

    /// <summary>The problem-details extension that lists a refused submission's diagnostics.</summary>
    public const string DiagnosticsExtension = "diagnostics";
}
