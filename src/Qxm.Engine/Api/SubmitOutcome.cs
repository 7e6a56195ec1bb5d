using Qxm.Domain.Errors;
using Qxm.Domain.Runs;

namespace Qxm.Engine.Api;

/// <summary>A queued run, or the diagnostics that refused the submission (nothing runnable was stored).
/// Warnings may accompany an accepted run.</summary>
public sealed record SubmitOutcome(Run? Run, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool Accepted => Run is not null;
}
