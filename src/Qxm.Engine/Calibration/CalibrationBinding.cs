using Qxm.Domain.Backends;
using Qxm.Domain.Calibration;

namespace Qxm.Engine.Calibration;

/// <summary>What dispatch hands the backend: the snapshot the run is bound to (null on a backend without calibration),
/// its hash, the drift events the run carries; or <see cref="Held"/>: the run went back to the queue, submit nothing.</summary>
internal sealed record CalibrationBinding(string? Hash, CalibrationSnapshot? Snapshot, IReadOnlyList<DriftEvent> DriftEvents, bool Held)
{
    public static readonly CalibrationBinding None = new(null, null, [], false);

    public static readonly CalibrationBinding HeldBack = new(null, null, [], true);
}
