using Wire = Qxm.Client.Wire.ProblemTypes;

namespace Qxm.Server.Problems;

/// <summary>The <c>type</c> of every problem the API answers with, as the server names them; their values are defined once, in
/// <see cref="Qxm.Client.Wire.ProblemTypes"/>, which clients switch on.</summary>
public static class ProblemTypes
{
    public const string InvalidExperiment = Wire.InvalidExperiment;
    public const string UnsupportedMediaType = Wire.UnsupportedMediaType;
    public const string InvalidQuery = Wire.InvalidQuery;
    public const string RunNotFound = Wire.RunNotFound;
    public const string NotAReproduction = Wire.NotAReproduction;
    public const string RunNotFinished = Wire.RunNotFinished;
    public const string RunAlreadyFinished = Wire.RunAlreadyFinished;
    public const string Backpressure = Wire.Backpressure;
    public const string InvalidReservation = Wire.InvalidReservation;
    public const string ReservationOverlap = Wire.ReservationOverlap;
    public const string ReservationNotFound = Wire.ReservationNotFound;
    public const string WebhookNotFound = Wire.WebhookNotFound;
    public const string BackendNotFound = Wire.BackendNotFound;
    public const string BadRequest = Wire.BadRequest;
    public const string Unauthenticated = Wire.Unauthenticated;
    public const string Forbidden = Wire.Forbidden;
    public const string InvalidKey = Wire.InvalidKey;
    public const string KeyNotFound = Wire.KeyNotFound;
    public const string InvalidCredential = Wire.InvalidCredential;
    public const string Unexpected = Wire.Unexpected;
    public const string HostNotAllowed = Wire.HostNotAllowed;
    public const string RateLimited = Wire.RateLimited;
    public const string RequestTimeout = Wire.RequestTimeout;
    public const string StoreUnavailable = Wire.StoreUnavailable;
    public const string IdempotencyKeyReused = Wire.IdempotencyKeyReused;
    public const string QuotaExceeded = Wire.QuotaExceeded;
    public const string InvalidSession = Wire.InvalidSession;
    public const string SessionConflict = Wire.SessionConflict;
    public const string VendorSessionUnavailable = Wire.VendorSessionUnavailable;
    public const string SessionNotFound = Wire.SessionNotFound;
    public const string LoopNotFound = Wire.LoopNotFound;

    /// <summary>The problem-details extension that lists a refused submission's diagnostics.</summary>
    public const string DiagnosticsExtension = Wire.DiagnosticsExtension;
}
