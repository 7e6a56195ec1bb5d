namespace Qxm.Backends.Contract;

/// <summary>Where a backend job stands.</summary>
/// <param name="QueuePosition">The vendor's queue position, when it reports one (1 = next).</param>
/// <param name="EstimatedReadyAt">When the vendor expects the job to finish, when it says; pollers wait until then.</param>
/// <param name="Message">The vendor's reason for a failed or cancelled job.</param>
public sealed record BackendJobState(BackendJobStatus Status, int? QueuePosition = null, DateTimeOffset? EstimatedReadyAt = null, string? Message = null)
{
    public bool IsFinished => Status is BackendJobStatus.Completed or BackendJobStatus.Failed or BackendJobStatus.Cancelled;
}
