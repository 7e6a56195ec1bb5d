namespace Qxm.Backends.Contract;

/// <summary>The one error taxonomy every adapter maps its vendor's failures onto; retries, the breaker and failover act
/// on it, never on messages (docs/backends.md says what the pipeline does with each).</summary>
public enum BackendErrorKind
{
    /// <summary>Worth trying again soon: a dropped connection, a 5xx, an answer that did not arrive or could not be read.</summary>
    Transient,

    /// <summary>Too many calls: try again after <see cref="BackendException.RetryAfter"/>.</summary>
    RateLimited,

    /// <summary>The credentials ran out: refresh them once, then try again.</summary>
    AuthExpired,

    /// <summary>The backend refuses this job as it is: trying again cannot help.</summary>
    InvalidInput,

    /// <summary>The device is down or in maintenance: wait for it.</summary>
    DeviceUnavailable,

    /// <summary>The account's quota or budget at the vendor is spent: trying again cannot help.</summary>
    QuotaExceeded,

    /// <summary>Anything else the backend could not do: a bug, an answer that is wrong rather than unreadable.</summary>
    Fatal,
}
