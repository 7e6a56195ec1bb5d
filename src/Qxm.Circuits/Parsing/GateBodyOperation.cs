using System.Collections.Immutable;
using Qxm.Circuits.Ir;

namespace Qxm.Circuits.Parsing;

/// <summary>One statement of a gate body, resolved when the gate is defined.</summary>
/// <param name="Gate">The called gate; null for a barrier.</param>
/// <param name="Qubits">Indices into the enclosing gate's qubit arguments, controls first when modified.</param>
/// <param name="Modifiers">OpenQASM 3 modifiers of the call; null when there are none.</param>
internal sealed record GateBodyOperation(GateDefinition? Gate, ImmutableArray<Expr> Parameters, ImmutableArray<int> Qubits, GateModifiers? Modifiers = null);
