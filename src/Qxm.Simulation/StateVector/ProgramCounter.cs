namespace Qxm.Simulation.StateVector;

/// <summary>Where a branch of a per-shot run stands: step <paramref name="Index"/> of <paramref name="Steps"/>, and where
/// to go on when that list ends (the step after an <c>if</c> or conditional, or the <c>while</c> that reads its condition
/// again). Immutable, so branches that split share it.</summary>
/// <param name="Pass">When the step is a <see cref="WhileStep"/>: the passes its body has begun since the loop was entered.</param>
internal sealed record ProgramCounter(IReadOnlyList<Step> Steps, int Index, ProgramCounter? Parent, int Pass = 0)
{
    /// <summary>The step after this one, with no passes counted.</summary>
    public ProgramCounter Next => new(Steps, Index + 1, Parent);

    /// <summary>Where a shot goes from a <c>while</c> whose condition it has just read: into the body for one more pass,
    /// refused before the pass that would pass the loop's limit, or past the loop.</summary>
    public ProgramCounter Loop(WhileStep loop, bool holds)
    {
        if (!holds)
        {
            return Next;
        }

        loop.CheckPass(Pass);
        return new ProgramCounter(loop.Body, 0, this with { Pass = Pass + 1 });
    }
}
