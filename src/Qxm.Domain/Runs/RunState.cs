namespace Qxm.Domain.Runs;

public enum RunState
{
    Submitted,
    Validated,
    Queued,
    Running,
    Succeeded,
    Failed,
    Cancelled,
    Archived,
    Rejected,
}
