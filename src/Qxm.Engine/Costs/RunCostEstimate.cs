using Qxm.Backends.Contract;
using Qxm.Backends.Vendors;
using Qxm.Circuits.Ir;

namespace Qxm.Engine.Costs;

/// <summary>What a run will cost before it is sent: a vendor's device by its price model (each bound circuit a task, see
/// <see cref="CostEstimator"/>), another backend by its per-shot price (0 for qxm's own simulators).</summary>
public static class RunCostEstimate
{
    public static decimal Of(IBackend backend, IReadOnlyList<Circuit> circuits, int shots)
    {
        ArgumentNullException.ThrowIfNull(backend);
        ArgumentNullException.ThrowIfNull(circuits);
        return backend is IRemoteBackend remote
            ? decimal.Round(CostEstimator.Estimate(remote.Prices, circuits, shots), 6)
            : backend.Info.CostPerShot * shots * circuits.Count;
    }

    /// <summary>The backend's price model in one line.</summary>
    public static string Pricing(IBackend backend)
    {
        ArgumentNullException.ThrowIfNull(backend);
        return backend is IRemoteBackend remote ? remote.Prices.Describe()
            : backend.Info.CostPerShot > 0 ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"${backend.Info.CostPerShot} per shot")
            : "free";
    }
}
