namespace Qxm.Engine.Persistence;

/// <summary>What marking a submit found: <see cref="Fenced"/> when the attempt no longer holds the run (it must make no
/// call), else the earlier attempt's call still without a job id, if any, and when it began.</summary>
public sealed record SubmitMark(bool Fenced, int? EarlierAttempt = null, DateTimeOffset? EarlierBeganAt = null);
