using Polly.CircuitBreaker;
using Polly.RateLimiting;
using Polly.Timeout;
using Qxm.Backends.Contract;

namespace Qxm.Engine.Resilience;

/// <summary>Maps what a call through the pipeline can throw onto the taxonomy; null for anything else, which is a bug.
/// A wait of zero or less is no wait at all and leaves the pause to the backoff: the breaker says zero while a probe
/// outlasts the break it was let through in, and a run that took that at its word retried in a tight loop.</summary>
internal static class BackendFailures
{
    public static BackendFailure? Classify(Exception? exception) => exception switch
    {
        BackendException e => new BackendFailure(e.Kind, e.Message, false, Positive(e.RetryAfter), e.RawAnswer),
        TimeoutRejectedException e => new BackendFailure(BackendErrorKind.Transient, $"no answer within {e.Timeout.TotalSeconds:0.###} s", false, null, null),
        BrokenCircuitException e => new BackendFailure(BackendErrorKind.DeviceUnavailable, "circuit open: the backend failed too often lately", true, Positive(e.RetryAfter), null),
        RateLimiterRejectedException e => new BackendFailure(BackendErrorKind.RateLimited, "local rate limit reached", true, Positive(e.RetryAfter), null),
        _ => null,
    };

    private static TimeSpan? Positive(TimeSpan? wait) => wait > TimeSpan.Zero ? wait : null;
}
