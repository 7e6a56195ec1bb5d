using System.Collections.Immutable;
using Qxm.Circuits.Ir;

namespace Qxm.Circuits.Parsing;

/// <summary>A qubit or bit argument as written: a whole register, or one element of it.</summary>
/// <param name="Index">The element index as written (negative counts from the end in OpenQASM 3); a slice's first element.</param>
/// <param name="SliceLength">For an OpenQASM 3 slice <c>r[a:b]</c>, its b - a + 1 elements; 0 otherwise.</param>
/// <param name="Set">For a set of indices that are not a slice (<c>r[{0, 2, 5}]</c>), the indices as written; default otherwise.</param>
internal readonly record struct Operand(string Name, SourceSpan NameSpan, bool HasIndex, long Index, SourceSpan IndexSpan, int SliceLength = 0,
    ImmutableArray<long> Set = default);
