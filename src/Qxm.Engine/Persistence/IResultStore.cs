using Qxm.Domain.Provenance;
using Qxm.Domain.Runs;

namespace Qxm.Engine.Persistence;

public interface IResultStore
{
    /// <summary>Records the result and moves the run Running → Succeeded in one transaction. Idempotent: when the run
    /// already has a result nothing changes and the answer is false.</summary>
    Task<bool> CompleteAsync(RunResult result, string actor, CancellationToken cancellationToken);

    /// <summary>As <see cref="CompleteAsync(RunResult, string, CancellationToken)"/>, with the attempt's execution facts
    /// stored in the same transaction (kept even when another attempt completed the run first), so a run with a result
    /// always has the facts of how it was produced, at the cost of one commit instead of two.</summary>
    Task<bool> CompleteAsync(RunResult result, ExecutionFacts? execution, string actor, CancellationToken cancellationToken);

    Task<RunResult?> GetAsync(string runId, CancellationToken cancellationToken);
}
