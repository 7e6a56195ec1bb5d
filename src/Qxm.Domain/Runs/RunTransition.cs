namespace Qxm.Domain.Runs;

/// <summary>One persisted step of a run's lifecycle.</summary>
public sealed record RunTransition(RunState From, RunState To, DateTimeOffset At, string Actor, string? Reason);
