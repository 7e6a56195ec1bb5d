namespace Qxm.Engine.Api;

/// <summary>Why a submission was refused, where the diagnostics alone do not say how a client should react.</summary>
public enum SubmitRefusal
{
    /// <summary>The experiment is invalid (or the tenant may not run it): fix it.</summary>
    Invalid,

    /// <summary>The idempotency key names another request: use a new key.</summary>
    IdempotencyKeyReused,

    /// <summary>A quota that waiting does not restore (stored bytes) is used up.</summary>
    QuotaExceeded,
}
