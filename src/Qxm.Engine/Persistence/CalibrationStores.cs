namespace Qxm.Engine.Persistence;

/// <summary>The ports calibration history, drift detection and drift holds persist through; a relational store implements all three.</summary>
public sealed record CalibrationStores(ICalibrationStore History, IDriftStore Drift, IDriftHolds Holds);
