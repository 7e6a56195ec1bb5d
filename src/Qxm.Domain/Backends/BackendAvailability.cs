namespace Qxm.Domain.Backends;

/// <summary>What qxm has seen of a backend lately, from its circuit breaker.</summary>
public enum BackendAvailability
{
    /// <summary>Calls succeed (the breaker is closed).</summary>
    Online,

    /// <summary>The breaker lets a probe through to see whether the backend is back.</summary>
    Degraded,

    /// <summary>Too many recent calls failed: calls are refused locally until the break ends.</summary>
    Unavailable,
}
