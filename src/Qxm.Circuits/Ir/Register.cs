namespace Qxm.Circuits.Ir;

/// <summary>A named register mapped onto the circuit's flat qubit or clbit indices [Offset, Offset + Size).</summary>
public sealed record Register(string Name, int Size, int Offset);
