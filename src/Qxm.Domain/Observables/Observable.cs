namespace Qxm.Domain.Observables;

/// <summary>A named Hermitian observable written as a real-weighted sum of Pauli strings; terms are distinct and in
/// canonical-label order, so equal sums compare and fingerprint equal however they were written.</summary>
public sealed record Observable(string Name, IReadOnlyList<PauliTerm> Terms)
{
    /// <summary>For the letter-map form, the letters in each key: the circuit must have exactly that many qubits, so a
    /// map written for another register size is refused rather than read shifted. Null for the expression form.</summary>
    public int? Width { get; init; }
}
