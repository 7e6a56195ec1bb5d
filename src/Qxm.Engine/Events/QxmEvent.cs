namespace Qxm.Engine.Events;

/// <summary>Something that happened, in the installation's one global order: <paramref name="Sequence"/> grows in commit
/// order across restarts and instances, so a follower resumes after the last number it saw. Kind <c>run.state</c> carries
/// a run's transition; kind <c>alert</c> carries an alert's JSON in <paramref name="Data"/>; kind <c>loop.evaluation</c>
/// an optimizer loop's stored evaluation (its run, and the loop, index, value and parameters in the data) and kind
/// <c>loop.state</c> a loop's start and end.</summary>
public sealed record QxmEvent(
    long Sequence,
    string Kind,
    DateTimeOffset At,
    string? RunId = null,
    string? Tenant = null,
    string? Backend = null,
    string? From = null,
    string? To = null,
    string? Actor = null,
    string? Reason = null,
    string? Data = null)
{
    public const string RunStateKind = "run.state";
    public const string AlertKind = "alert";
    public const string LoopEvaluationKind = "loop.evaluation";
    public const string LoopStateKind = "loop.state";
}
