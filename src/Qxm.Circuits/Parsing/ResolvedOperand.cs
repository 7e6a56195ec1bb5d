namespace Qxm.Circuits.Parsing;

/// <summary>An operand resolved to the circuit's flat indices: a run [Start, Start + Size), or, for a set of indices
/// (<c>q[{0, 2, 5}]</c>) or an alias of such qubits, the indices themselves in <paramref name="Map"/>.</summary>
/// <param name="IsRegister">Whether the operand names several elements that a gate call broadcasts over.</param>
internal readonly record struct ResolvedOperand(int Start, int Size, bool IsRegister, int[]? Map = null)
{
    /// <summary>The flat index of element <paramref name="i"/>.</summary>
    public int At(int i) => Map is null ? Start + i : Map[i];
}
