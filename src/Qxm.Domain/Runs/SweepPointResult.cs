namespace Qxm.Domain.Runs;

/// <summary>Counts for one sweep point. Keys are bit strings with the highest classical bit leftmost
/// (the OpenQASM/Qiskit convention); values sum to the run's shots.</summary>
public sealed record SweepPointResult(
    int Index,
    IReadOnlyDictionary<string, double> Parameters,
    IReadOnlyDictionary<string, long> Counts);
