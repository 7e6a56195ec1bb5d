using Qxm.Domain.Calibration;

namespace Qxm.Engine.Persistence;

/// <param name="Hold">The hold in force; null when the run is not held.</param>
/// <param name="Released">True when the run was held and then released (by a clean calibration or an operator).</param>
public sealed record RunDriftState(DriftPolicy Policy, DriftHold? Hold, bool Released);
