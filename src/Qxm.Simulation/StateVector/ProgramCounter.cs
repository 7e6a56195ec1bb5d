namespace Qxm.Simulation.StateVector;

/// <summary>Where a branch of a per-shot run stands: step <paramref name="Index"/> of <paramref name="Steps"/>, and where
/// to go on when that list ends (the step after an <c>if</c> or conditional). Immutable, so branches that split share it.</summary>
internal sealed record ProgramCounter(IReadOnlyList<Step> Steps, int Index, ProgramCounter? Parent);
