using Qxm.Domain.Observables;

namespace Qxm.Domain.Runs;

/// <summary>Counts for one sweep point. Keys are bit strings with the highest classical bit leftmost
/// (the OpenQASM/Qiskit convention); values sum to the run's shots.</summary>
public sealed record SweepPointResult(
    int Index,
    IReadOnlyDictionary<string, double> Parameters,
    IReadOnlyDictionary<string, long> Counts)
{
    /// <summary>The experiment's observables at this point, in declaration order; null when it declares none.</summary>
    public IReadOnlyList<ObservableValue>? Observables { get; init; }

    /// <summary>The counts of every measurement basis the observables needed (<see cref="Counts"/> are the first
    /// basis's); null when the experiment declares no observables.</summary>
    public IReadOnlyList<BasisCounts>? Bases { get; init; }

    /// <summary>With mitigation, the observables as measured, before it (<see cref="Observables"/> are mitigated); else null.</summary>
    public IReadOnlyList<ObservableValue>? RawObservables { get; init; }

    /// <summary>What mitigation did, when the experiment asked for it.</summary>
    public MitigationRecord? Mitigation { get; init; }
}
