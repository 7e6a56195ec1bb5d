namespace Qxm.Circuits.Parsing;

/// <summary>Clbits [Offset, Offset + Width) of the circuit, read as an unsigned integer.</summary>
internal sealed record BitsReference(int Offset, int Width);
