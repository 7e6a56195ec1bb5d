using Qxm.Domain.Loops;

namespace Qxm.Engine.Persistence;

/// <summary>Optimizer loops and their evaluations, stored as they happen so that a loop interrupted by a crash resumes
/// where it stopped.</summary>
public interface ILoopStore
{
    Task CreateLoopAsync(LoopRecord record, CancellationToken cancellationToken);

    Task<LoopRecord?> GetLoopAsync(string loopId, CancellationToken cancellationToken);

    /// <summary>Loops in <paramref name="state"/>, oldest first.</summary>
    Task<IReadOnlyList<LoopRecord>> ListLoopsAsync(LoopState state, int limit, CancellationToken cancellationToken);

    /// <summary>Records an evaluation and the loop's best point in one transaction; false when an evaluation of that index
    /// is already there (a resumed driver repeating one), which changes nothing.</summary>
    Task<bool> AppendEvaluationAsync(string loopId, LoopEvaluation evaluation, double bestValue, IReadOnlyList<double> bestParameters, CancellationToken cancellationToken);

    Task<IReadOnlyList<LoopEvaluation>> ListEvaluationsAsync(string loopId, CancellationToken cancellationToken);

    /// <summary>Ends a running loop; false when it had already ended.</summary>
    Task<bool> FinishLoopAsync(string loopId, LoopState state, string reason, DateTimeOffset at, CancellationToken cancellationToken);
}
