namespace Qxm.Domain.Observables;

/// <summary>The counts of one measurement basis at a sweep point.</summary>
/// <param name="Basis">One letter per qubit, qubit 0 rightmost like the bit strings: <c>Z</c>, <c>X</c> or <c>Y</c>
/// where a term needs it, <c>Z</c> elsewhere.</param>
/// <param name="Counts">Bit strings of every qubit, qubit 0 rightmost.</param>
public sealed record BasisCounts(string Basis, IReadOnlyDictionary<string, long> Counts)
{
    /// <summary>With readout mitigation, the counts' distribution corrected for readout error: quasi-probabilities that sum
    /// to 1 and may dip slightly below 0 where shot noise meets the inverse. Null without mitigation, or past 12 qubits.</summary>
    public IReadOnlyDictionary<string, double>? Mitigated { get; init; }

    /// <summary>With zero-noise extrapolation, the noise scale these counts were measured at; else null.</summary>
    public int? Scale { get; init; }
}
