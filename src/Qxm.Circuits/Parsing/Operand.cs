using Qxm.Circuits.Ir;

namespace Qxm.Circuits.Parsing;

/// <summary>A qubit or bit argument as written: a whole register, or one element of it.</summary>
/// <param name="Index">The element index as written (negative counts from the end in OpenQASM 3).</param>
internal readonly record struct Operand(string Name, SourceSpan NameSpan, bool HasIndex, long Index, SourceSpan IndexSpan);
