using Qxm.Domain.Runs;

namespace Qxm.Engine.Persistence;

/// <param name="IdempotencyKey">A client's key for this submission: a second create with the same tenant and key
/// returns the first run instead of storing another.</param>
/// <param name="RequestHash">The hash of the canonical request the key was given with: the same key with another hash
/// is refused (<see cref="CreateStatus.IdempotencyKeyReused"/>).</param>
/// <param name="KeysIssuedSince">Keys of runs created before this have expired: their key is free again.</param>
/// <param name="StoredBytes">What the run stores (spec and circuit source), counted against the tenant's stored-bytes quota.</param>
public sealed record NewRun(
    Run Run,
    ExperimentVersion Experiment,
    IReadOnlyList<RunTransition> History,
    string? IdempotencyKey = null,
    string? RequestHash = null,
    DateTimeOffset? KeysIssuedSince = null,
    long StoredBytes = 0)
{
    /// <summary>What the run is estimated to cost in US dollars (0 on a free backend), stored with it and counted against
    /// the tenant's budgets until the vendor reports the actual cost.</summary>
    public decimal EstimatedCostUsd { get; init; }
}
