using System.Collections.Immutable;

namespace Qxm.Circuits.Ir;

/// <summary>OpenQASM 3 <c>delay[duration] qubits;</c>. Carried to devices that declare timing support; an ideal
/// simulator treats it as identity.</summary>
/// <param name="Duration">In <paramref name="Unit"/>; NaN for a stretch, whose length the device chooses.</param>
/// <param name="Unit"><c>ns</c> (literals in us, ms, s are converted to nanoseconds), <c>dt</c> (device sample
/// periods) or <c>stretch</c>.</param>
public sealed record DelayOperation(ImmutableArray<int> Qubits, double Duration, string Unit, SourceSpan Span) : Operation(Span);
