using System.Collections.Immutable;

namespace Qxm.Circuits.Ir;

/// <summary>OpenQASM 3 <c>box[duration] { ... }</c>: a timing scope around <paramref name="Body"/>. Its contents
/// run in order; only devices with timing support honour the box itself.</summary>
/// <param name="Duration">In <paramref name="Unit"/>; NaN when the box has no stated duration.</param>
public sealed record BoxOperation(double Duration, string Unit, ImmutableArray<Operation> Body, SourceSpan Span) : Operation(Span);
