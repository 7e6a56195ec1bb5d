using Qxm.Engine.Persistence;

namespace Qxm.Engine.Security;

/// <summary>A run's submitter is the actor of its first transition, which submission records as the caller's principal.</summary>
internal sealed class RunOwnership(IRunStore runs) : IRunOwnership
{
    public async Task<string?> GetSubmitterAsync(string runId, CancellationToken cancellationToken)
    {
        var history = await runs.GetHistoryAsync(runId, cancellationToken);
        return history.Count > 0 ? history[0].Actor : null;
    }
}
