namespace Qxm.Domain.Backends;

/// <summary>An ordered pair of physical qubits: an edge of a coupling map (control first where it matters).</summary>
public readonly record struct QubitPair(int First, int Second)
{
    public override string ToString() => $"({First}, {Second})";
}
