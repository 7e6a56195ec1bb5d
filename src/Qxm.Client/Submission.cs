using Qxm.Domain.Runs;

namespace Qxm.Client;

/// <summary>An accepted submission.</summary>
/// <param name="Run">The queued run; its <see cref="Run.Diagnostics"/> hold the experiment's warnings.</param>
/// <param name="Replayed">True when the idempotency key named an earlier submission, whose run this is.</param>
public sealed record Submission(Run Run, bool Replayed);
