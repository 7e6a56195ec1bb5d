namespace Qxm.Engine.Dispatch;

/// <summary>This attempt no longer holds its run: its lease lapsed and another attempt claimed the run, so the store's
/// fence (<see cref="Persistence.ISubmitFence"/>) refused its vendor submit. A cancellation of this attempt's work, not a
/// failure of the run: the attempt that holds the run now carries it on.</summary>
internal sealed class AttemptFencedException(string runId, int attempt)
    : OperationCanceledException($"attempt {attempt} of run {runId} was fenced: another attempt holds the run now")
{
    public string RunId { get; } = runId;

    public int Attempt { get; } = attempt;
}
