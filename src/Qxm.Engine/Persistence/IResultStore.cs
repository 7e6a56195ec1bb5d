using Qxm.Domain.Runs;

namespace Qxm.Engine.Persistence;

public interface IResultStore
{
    /// <summary>Records the result and moves the run Running → Succeeded in one transaction. Idempotent: when the run
    /// already has a result nothing changes and the answer is false.</summary>
    Task<bool> CompleteAsync(RunResult result, string actor, CancellationToken cancellationToken);

    Task<RunResult?> GetAsync(string runId, CancellationToken cancellationToken);
}
