using Polly.CircuitBreaker;
using Polly.RateLimiting;
using Polly.Timeout;
using Qxm.Backends.Contract;

namespace Qxm.Engine.Resilience;

/// <summary>Maps what a call through the pipeline can throw onto the taxonomy; null for anything else, which is a bug.</summary>
internal static class BackendFailures
{
    public static BackendFailure? Classify(Exception? exception) => exception switch
    {
        BackendException e => new BackendFailure(e.Kind, e.Message, false, e.RetryAfter, e.RawAnswer),
        TimeoutRejectedException e => new BackendFailure(BackendErrorKind.Transient, $"no answer within {e.Timeout.TotalSeconds:0.###} s", false, null, null),
        BrokenCircuitException e => new BackendFailure(BackendErrorKind.DeviceUnavailable, "circuit open: the backend failed too often lately", true, e.RetryAfter, null),
        RateLimiterRejectedException e => new BackendFailure(BackendErrorKind.RateLimited, "local rate limit reached", true, e.RetryAfter, null),
        _ => null,
    };
}
