namespace Qxm.Engine.Api;

public enum CancelOutcome
{
    Cancelled,
    NotFound,
    AlreadyFinished,

    /// <summary>The run is visible to the caller, who may not cancel it (a submitter and another's run).</summary>
    Forbidden,
}
