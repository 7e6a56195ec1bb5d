namespace Qxm.Domain.Backends;

/// <summary>A gate's measured error and duration on one qubit tuple.</summary>
public sealed record GateCalibration(string Gate, IReadOnlyList<int> Qubits, double Error, double DurationNs);
