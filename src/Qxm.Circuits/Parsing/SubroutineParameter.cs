namespace Qxm.Circuits.Parsing;

/// <param name="Type">The classical type; null for a qubit parameter.</param>
/// <param name="Size">For a qubit parameter, how many qubits (1 for <c>qubit</c>); for an array, its number of dimensions.</param>
/// <param name="Dimensions">For an array parameter with its sizes written, the sizes; empty for <c>#dim=n</c>.</param>
/// <param name="ReadOnly">An array parameter declared <c>readonly</c>: the body may not write to it.</param>
internal sealed record SubroutineParameter(string Name, ClassicalType? Type, int Size, int[]? Dimensions = null, bool ReadOnly = false)
{
    /// <summary>For an array parameter, the type of its elements.</summary>
    public ClassicalType Element { get; init; }
}
