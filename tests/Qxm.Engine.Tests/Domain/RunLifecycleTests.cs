using Qxm.Domain.Runs;

namespace Qxm.Engine.Tests.Domain;

public sealed class RunLifecycleTests
{
    [Theory]
    [InlineData(RunState.Submitted, RunState.Validated)]
    [InlineData(RunState.Submitted, RunState.Rejected)]
    [InlineData(RunState.Queued, RunState.Running)]
    [InlineData(RunState.Running, RunState.Succeeded)]
    [InlineData(RunState.Running, RunState.Queued)]
    [InlineData(RunState.Succeeded, RunState.Archived)]
    public void CanTransition_Legal_True(RunState from, RunState to) => Assert.True(RunLifecycle.CanTransition(from, to));

    [Theory]
    [InlineData(RunState.Submitted, RunState.Running)]
    [InlineData(RunState.Queued, RunState.Succeeded)]
    [InlineData(RunState.Succeeded, RunState.Running)]
    [InlineData(RunState.Archived, RunState.Queued)]
    [InlineData(RunState.Rejected, RunState.Queued)]
    public void CanTransition_Illegal_False(RunState from, RunState to) => Assert.False(RunLifecycle.CanTransition(from, to));

    [Fact]
    public void NextStates_EveryStateHasAnEntryAndTerminalsOnlyArchive()
    {
        foreach (var state in Enum.GetValues<RunState>())
        {
            var next = RunLifecycle.NextStates(state);
            if (RunLifecycle.IsTerminal(state) && state != RunState.Archived)
            {
                Assert.Equal([RunState.Archived], next);
            }
        }

        Assert.Empty(RunLifecycle.NextStates(RunState.Archived));
    }
}
