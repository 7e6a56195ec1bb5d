namespace Qxm.Backends.Contract;

public enum BackendJobStatus
{
    Queued,
    Running,
    Completed,
    Failed,
    Cancelled,
}
