namespace Qxm.Engine.Persistence;

/// <summary>The fence on a run's vendor submits. The fencing token is the run's attempt number (each claim increments
/// it): before every submit call an attempt marks that it is calling, which the store refuses when the run's current
/// attempt is another (its lease lapsed and the run was claimed again), and learns of a call an earlier attempt began
/// that named no job yet, which may still be in flight at the vendor.</summary>
public interface ISubmitFence
{
    Task<SubmitMark> MarkSubmitAsync(string runId, string backend, int attempt, CancellationToken cancellationToken);
}
