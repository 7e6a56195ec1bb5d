using Qxm.Domain.Runs;

namespace Qxm.Engine.Persistence;

/// <param name="IdempotencyKey">A client's key for this submission: a second create with the same tenant and key
/// returns the first run instead of storing another.</param>
public sealed record NewRun(Run Run, ExperimentVersion Experiment, IReadOnlyList<RunTransition> History, string? IdempotencyKey = null);
