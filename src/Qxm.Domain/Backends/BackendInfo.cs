namespace Qxm.Domain.Backends;

/// <summary>A backend as the outside world sees it.</summary>
/// <param name="CostPerShot">Price of one shot in the installation's currency units; 0 for free backends.</param>
public sealed record BackendInfo(string Id, string Kind, string Description, BackendStatus Status, Target Target, decimal CostPerShot = 0m)
{
    public BackendExecution Execution { get; init; } = BackendExecution.InProcess;

    /// <summary>The call rate the backend accepts; null when it sets none.</summary>
    public RateLimit? RateLimit { get; init; }

    /// <summary>Its circuit breaker's view, filled in by the engine when it lists backends.</summary>
    public BackendHealth? Health { get; init; }

    /// <summary>An operator's drain or hold, filled in by the engine when it lists backends; null when there is none.</summary>
    public BackendControl? Control { get; init; }

    /// <summary>Runs this instance has in flight on the backend, filled in by the engine when it lists backends.</summary>
    public int? InFlight { get; init; }

    /// <summary>For a vendor's device: the vendor's live view and the price model, filled in when backends are listed.</summary>
    public VendorDevice? Vendor { get; init; }
}
