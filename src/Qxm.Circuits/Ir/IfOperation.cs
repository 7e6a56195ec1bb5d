using System.Collections.Immutable;

namespace Qxm.Circuits.Ir;

/// <summary>OpenQASM 3 <c>if (condition) { ... } else { ... }</c> on measurement results: the condition is
/// decided once per shot, before either branch runs, so a branch that measures into the bits it tested
/// does not change which branch runs.</summary>
public sealed record IfOperation(Condition Condition, ImmutableArray<Operation> Then, ImmutableArray<Operation> Else, SourceSpan Span)
    : Operation(Span);
