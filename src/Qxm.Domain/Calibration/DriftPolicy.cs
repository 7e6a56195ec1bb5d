namespace Qxm.Domain.Calibration;

/// <summary>What a run does when its backend's calibration drifts: <see cref="Run"/> runs as if nothing happened,
/// <see cref="Flag"/> runs and carries the drift events in its record, <see cref="Hold"/> waits in the queue until a fresh
/// calibration shows no drift or an operator releases it.</summary>
public enum DriftPolicy
{
    Run,
    Flag,
    Hold,
}
