namespace Qxm.Backends.Contract;

/// <summary>The one error taxonomy every adapter maps its vendor's failures onto; retries and failover act on it.</summary>
public enum BackendErrorKind
{
    Transient,
    RateLimited,
    AuthExpired,
    InvalidInput,
    DeviceUnavailable,
    Fatal,
}
