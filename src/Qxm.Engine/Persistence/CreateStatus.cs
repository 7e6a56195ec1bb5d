namespace Qxm.Engine.Persistence;

public enum CreateStatus
{
    Created,

    /// <summary>The tenant already has a run with this idempotency key; nothing new was stored.</summary>
    Duplicate,

    QueueFull,
    ShotQuotaExceeded,
}
