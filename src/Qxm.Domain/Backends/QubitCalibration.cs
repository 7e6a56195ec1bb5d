namespace Qxm.Domain.Backends;

/// <summary>One qubit's measured coherence times (microseconds) and readout error.</summary>
public sealed record QubitCalibration(int Qubit, double T1Us, double T2Us, double ReadoutError);
