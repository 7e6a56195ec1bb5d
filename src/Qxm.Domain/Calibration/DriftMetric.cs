namespace Qxm.Domain.Calibration;

/// <summary>The calibration figures drift detection watches: per qubit T1, T2 and readout error, per coupled pair the
/// two-qubit gate error.</summary>
public enum DriftMetric
{
    T1,
    T2,
    ReadoutError,
    TwoQubitError,
}
