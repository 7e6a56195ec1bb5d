namespace Qxm.Engine.Persistence;

public enum CreateStatus
{
    Created,

    /// <summary>The tenant already has a run with this idempotency key; nothing new was stored.</summary>
    Duplicate,

    QueueFull,
    ShotQuotaExceeded,

    /// <summary>The tenant's key was given with another request, and has not expired: nothing was stored.</summary>
    IdempotencyKeyReused,

    /// <summary>The tenant's admitted runs already hold its stored-bytes quota.</summary>
    StoredBytesQuotaExceeded,

    /// <summary>The run's estimated cost would take the tenant past its daily or monthly budget.</summary>
    BudgetExceeded,
}
