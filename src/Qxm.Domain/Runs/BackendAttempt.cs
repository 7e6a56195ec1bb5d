namespace Qxm.Domain.Runs;

/// <summary>One call qxm made to a backend for a run, as recorded on the run.</summary>
/// <param name="Operation"><c>submit</c>, <c>find</c>, <c>status</c>, <c>result</c> or <c>cancel</c>.</param>
/// <param name="Outcome"><c>ok</c>, or the error kind of the failure.</param>
/// <param name="Local">True when qxm refused the call itself (breaker open, rate limiter) without reaching the backend.</param>
/// <param name="Artifact">The raw answer kept when the backend's answer could not be used.</param>
public sealed record BackendAttempt(
    int Sequence, DateTimeOffset At, string Operation, string Outcome, string? JobId, string? Message, bool Local = false, string? Artifact = null);
