namespace Qxm.Engine.Events;

public enum WebhookVerdict
{
    Valid,
    Malformed,
    BadSignature,
    Stale,
    Replayed,
}
