using Qxm.Engine.Api;
using Qxm.Engine.Persistence;

namespace Qxm.Engine.Costs;

/// <summary>The cost report read from the store's run costs; a store that keeps none reports nothing.</summary>
internal sealed class StoredCostReports(IRunCosts? costs) : ICostReports
{
    public async Task<IReadOnlyList<CostLine>> ListCostsAsync(CostQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return costs is null ? [] : await costs.ListCostsAsync(query, cancellationToken);
    }
}
