using System.Collections.Immutable;

namespace Qxm.Circuits.Ir;

/// <summary>OpenQASM 3 <c>while (condition) { ... }</c> on measurement results: each shot decides the condition before
/// every pass, so the loop may run a different number of times in each shot. A shot whose loop would start pass
/// <paramref name="MaxIterations"/> + 1 is stopped before it, and the run fails with the loop's position: a loop on
/// measurements that never ends is a mistake, and an unbounded one would hold the simulator forever.</summary>
public sealed record WhileOperation(Condition Condition, ImmutableArray<Operation> Body, int MaxIterations, SourceSpan Span)
    : Operation(Span);
