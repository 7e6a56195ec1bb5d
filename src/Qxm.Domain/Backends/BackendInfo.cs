namespace Qxm.Domain.Backends;

/// <summary>A backend as the outside world sees it.</summary>
/// <param name="CostPerShot">Price of one shot in the installation's currency units; 0 for free backends.</param>
public sealed record BackendInfo(string Id, string Kind, string Description, BackendStatus Status, Target Target, decimal CostPerShot = 0m);
