using Qxm.Domain.Errors;
using Qxm.Domain.Runs;

namespace Qxm.Engine.Api;

/// <summary>A queued run, or the diagnostics that refused the submission (nothing runnable was stored).
/// Warnings may accompany an accepted run. <paramref name="RetryAfter"/> is set when the refusal is backpressure
/// (the tenant's queue or quota is full) rather than a problem with the experiment: the same submission may succeed later.
/// <paramref name="RejectedRunId"/> names the Rejected run that keeps a refused experiment's diagnostics, when its circuit parsed.
/// <paramref name="Replayed"/> says the run is the one an earlier submission with the same idempotency key and request created.</summary>
public sealed record SubmitOutcome(
    Run? Run,
    IReadOnlyList<Diagnostic> Diagnostics,
    TimeSpan? RetryAfter = null,
    string? RejectedRunId = null,
    bool Replayed = false,
    SubmitRefusal Refusal = SubmitRefusal.Invalid)
{
    public bool Accepted => Run is not null;
}
