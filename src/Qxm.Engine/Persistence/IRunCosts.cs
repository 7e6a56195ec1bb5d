namespace Qxm.Engine.Persistence;

/// <summary>Run costs as stored: each run's estimate is written with the run (<see cref="NewRun.EstimatedCostUsd"/>); the
/// vendor's actual cost is recorded when the result reports it; the report sums both for chargeback.</summary>
public interface IRunCosts
{
    Task RecordActualCostAsync(string runId, decimal usd, CancellationToken cancellationToken);

    Task<IReadOnlyList<CostLine>> ListCostsAsync(CostQuery query, CancellationToken cancellationToken);
}
