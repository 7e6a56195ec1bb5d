using System.Collections.Frozen;

namespace Qxm.Domain.Runs;

/// <summary>The run state machine as a table: the only legal transitions.</summary>
public static class RunLifecycle
{
    private static readonly FrozenDictionary<RunState, RunState[]> Legal = new Dictionary<RunState, RunState[]>
    {
        [RunState.Submitted] = [RunState.Validated, RunState.Rejected, RunState.Cancelled],
        [RunState.Validated] = [RunState.Queued, RunState.Cancelled],
        // Running -> Queued is a requeue: the worker holding the run died or gave it back.
        [RunState.Queued] = [RunState.Running, RunState.Cancelled, RunState.Failed],
        [RunState.Running] = [RunState.Succeeded, RunState.Failed, RunState.Cancelled, RunState.Queued],
        [RunState.Succeeded] = [RunState.Archived],
        [RunState.Failed] = [RunState.Archived],
        [RunState.Cancelled] = [RunState.Archived],
        [RunState.Rejected] = [RunState.Archived],
        [RunState.Archived] = [],
    }.ToFrozenDictionary();

    /// <summary>The states a run can be in, the ones a filter may name (Archived since retention archives runs).</summary>
    public static IReadOnlyList<RunState> InUse { get; } = Enum.GetValues<RunState>();

    public static bool CanTransition(RunState from, RunState to) => Legal[from].Contains(to);

    public static IReadOnlyList<RunState> NextStates(RunState from) => Legal[from];

    /// <summary>States a run never leaves except to be archived.</summary>
    public static bool IsTerminal(RunState state) =>
        state is RunState.Succeeded or RunState.Failed or RunState.Cancelled or RunState.Rejected or RunState.Archived;
}
