namespace Qxm.Domain.Observables;

/// <summary>One weighted Pauli string of an observable.</summary>
/// <param name="Pauli">The canonical label: factors by ascending qubit, such as <c>X0 Z3</c>; <c>I</c> for the identity.</param>
/// <param name="Coefficient">The real weight.</param>
public sealed record PauliTerm(string Pauli, double Coefficient);
