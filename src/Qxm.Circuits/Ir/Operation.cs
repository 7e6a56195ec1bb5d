using System.Collections.Immutable;

namespace Qxm.Circuits.Ir;

/// <summary>One step of a circuit. Qubit and clbit operands are flat indices into the circuit.</summary>
public abstract record Operation(SourceSpan Span);

/// <summary>A gate of the <see cref="GateLibrary"/>; user-defined gates are inlined into these by the parser.</summary>
public sealed record GateOperation(string Name, ImmutableArray<int> Qubits, ImmutableArray<Expr> Parameters, SourceSpan Span)
    : Operation(Span);

public sealed record MeasureOperation(int Qubit, int Clbit, SourceSpan Span) : Operation(Span);

public sealed record ResetOperation(int Qubit, SourceSpan Span) : Operation(Span);

public sealed record BarrierOperation(ImmutableArray<int> Qubits, SourceSpan Span) : Operation(Span);

/// <summary>OpenQASM 2 <c>if (creg == value) op;</c>: runs <paramref name="Body"/> when the clbits
/// [Offset, Offset + Width) read as an unsigned integer (lowest index least significant) equal <paramref name="Value"/>.</summary>
public sealed record ConditionalOperation(int Offset, int Width, long Value, Operation Body, SourceSpan Span) : Operation(Span);
