namespace Qxm.Circuits.Ir;

/// <summary>Writes a classical bit while a shot runs: <paramref name="Clbit"/> becomes 1 where <paramref name="Value"/>
/// holds and 0 where it does not (<c>c[0] = c[1] ^ c[2];</c>, <c>bit x = c[0] &amp; c[1];</c>, a register copied bit by
/// bit). The value is read from the bits as they are when the operation runs.</summary>
public sealed record ClassicalAssignOperation(int Clbit, Condition Value, SourceSpan Span) : Operation(Span);
