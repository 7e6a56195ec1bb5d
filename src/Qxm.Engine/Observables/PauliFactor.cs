namespace Qxm.Engine.Observables;

/// <summary>One non-identity factor of a Pauli string: <c>X</c>, <c>Y</c> or <c>Z</c> on a qubit.</summary>
public readonly record struct PauliFactor(int Qubit, char Pauli);
