namespace Qxm.Engine.Api;

public enum CancelOutcome
{
    Cancelled,
    NotFound,
    AlreadyFinished,
}
