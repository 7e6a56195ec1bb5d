using Qxm.Backends.Contract;

namespace Qxm.Engine.Resilience;

/// <summary>A failed call to a backend, classified: what the backend said, or what qxm refused locally (an open breaker,
/// a full rate limiter) or gave up waiting for (a timeout).</summary>
internal sealed record BackendFailure(BackendErrorKind Kind, string Message, bool Local, TimeSpan? RetryAfter, ReadOnlyMemory<byte>? RawAnswer)
{
    /// <summary>Kinds that another try, later, may cure; the others end the run at once.</summary>
    public bool IsRetryable => Kind is BackendErrorKind.Transient or BackendErrorKind.RateLimited or BackendErrorKind.DeviceUnavailable or BackendErrorKind.AuthExpired;

    /// <summary>Kinds that say the backend is unwell, which the circuit breaker counts.</summary>
    public bool CountsAgainstBackend => !Local && Kind is BackendErrorKind.Transient or BackendErrorKind.DeviceUnavailable;
}
