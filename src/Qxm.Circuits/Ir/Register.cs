namespace Qxm.Circuits.Ir;

/// <summary>A named register mapped onto the circuit's flat qubit or clbit indices [Offset, Offset + Size).</summary>
public sealed record Register(string Name, int Size, int Offset)
{
    /// <summary>Where the register's name is declared; <see cref="SourceSpan.None"/> for registers made by code. Not part
    /// of the register's identity: two declarations of the same shape are equal wherever they stand.</summary>
    public SourceSpan Span { get; init; }

    /// <summary>For an alias or subroutine argument of qubits that are not consecutive (<c>let a = q[{0, 2}];</c>), the flat
    /// index of each element; null for a register that is the run [Offset, Offset + Size). Only the parser makes these.</summary>
    internal int[]? Map { get; init; }

    public bool Equals(Register? other) =>
        other is not null && Name == other.Name && Size == other.Size && Offset == other.Offset;

    public override int GetHashCode() => HashCode.Combine(Name, Size, Offset);
}
