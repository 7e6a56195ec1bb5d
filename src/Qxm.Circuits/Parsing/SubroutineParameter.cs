namespace Qxm.Circuits.Parsing;

/// <param name="Type">The classical type; null for a qubit parameter.</param>
/// <param name="Size">For a qubit parameter, how many qubits (1 for <c>qubit</c>).</param>
internal sealed record SubroutineParameter(string Name, ClassicalType? Type, int Size);
