namespace Qxm.Simulation;

/// <summary>How a simulation ran, recorded with its result so it can be rerun and compared: the method
/// (<c>statevector</c>, <c>trajectories</c>, <c>density-matrix</c>), the worker threads it was allowed, the precision,
/// the vector instructions used, the number of noise trajectories (0 when exact) and the calibration's fingerprint
/// (null when noiseless). Counts never depend on <see cref="Threads"/>.</summary>
public sealed record SimulationProvenance(
    string Method,
    int Threads,
    string Precision,
    string Vectors,
    int Trajectories = 0,
    string? CalibrationFingerprint = null);
