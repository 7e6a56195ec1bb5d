using Qxm.Engine.Persistence;

namespace Qxm.Engine.Api;

/// <summary>Chargeback: runs' estimated, actual and charged costs summed by backend, tenant or experiment.</summary>
public interface ICostReports
{
    Task<IReadOnlyList<CostLine>> ListCostsAsync(CostQuery query, CancellationToken cancellationToken);
}
