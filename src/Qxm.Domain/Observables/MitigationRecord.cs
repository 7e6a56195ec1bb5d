namespace Qxm.Domain.Observables;

/// <summary>What mitigation did to a point's results, for provenance: the method, the calibration it took its numbers
/// from, the numbers (readout error per measured qubit, qubit 0 first), or why it was skipped.</summary>
/// <param name="Calibration">The snapshot's backend and time, as <c>backend@time</c>; null when there was none.</param>
/// <param name="Skipped">Why nothing was mitigated (no calibration, too many measured qubits); null when it was applied.</param>
public sealed record MitigationRecord(MitigationMethod Method, string? Calibration, IReadOnlyList<double> ReadoutErrors, string? Skipped = null)
{
    /// <summary>With zero-noise extrapolation, the settings it ran with; else null.</summary>
    public ZneSettings? Zne { get; init; }

    /// <summary>With zero-noise extrapolation, the observables measured at each scale factor (in the settings' order),
    /// from which the extrapolated values come; else null.</summary>
    public IReadOnlyList<IReadOnlyList<ObservableValue>>? Scaled { get; init; }
}
