using System.Collections.Immutable;
using Qxm.Circuits.Ir;

namespace Qxm.Circuits.Parsing;

/// <param name="OpaqueDependency">The opaque gate this gate reaches, directly or through its body; calls fail on it.</param>
/// <param name="HasErrors">The definition was reported as faulty; calls are ignored instead of cascading errors.</param>
internal sealed record GateDefinition(
    string Name,
    GateKind Kind,
    int ParameterCount,
    int QubitCount,
    ImmutableArray<GateBodyOperation> Body,
    string File,
    SourceSpan Span,
    string? OpaqueDependency = null,
    bool HasErrors = false)
{
    public static readonly GateDefinition U = new("U", GateKind.Builtin, 3, 1, [], "", SourceSpan.None);

    /// <summary>OpenQASM 3 <c>gphase(γ)</c>: a global phase, unobservable unless controlled, where it becomes a phase gate.</summary>
    public static readonly GateDefinition GPhase = new("gphase", GateKind.Builtin, 1, 0, [], "", SourceSpan.None);

    public static readonly GateDefinition CX = new("CX", GateKind.Builtin, 0, 2, [], "", SourceSpan.None);

    public bool IsNative => Kind is GateKind.Builtin or GateKind.Library;

    /// <summary>An upper bound of the operations a plain call expands to; see <see cref="ExpansionCost"/>.</summary>
    public long Cost { get; } = ExpansionCost.OfPlainCall(Kind, Body);

    /// <summary>An upper bound of the operations a call expands to under modifiers, per repetition and control.</summary>
    public long LoweredCost { get; } = ExpansionCost.OfLoweredCall(Kind, Body);
}
