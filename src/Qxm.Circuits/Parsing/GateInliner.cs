using System.Collections.Immutable;
using System.Runtime.InteropServices;
using Qxm.Circuits.Ir;

namespace Qxm.Circuits.Parsing;

/// <summary>Replaces a call of a defined gate by its body, recursively, down to native gates.</summary>
internal static class GateInliner
{
    /// <param name="expandLibraryGates">Also expand library gates, down to the built-ins U and CX.</param>
    public static void Apply(
        GateDefinition gate,
        ImmutableArray<Expr> parameters,
        ImmutableArray<int> qubits,
        SourceSpan span,
        bool expandLibraryGates,
        Action<Operation> emit)
    {
        if (ReferenceEquals(gate, GateDefinition.GPhase))
        {
            // A global phase changes no measurement; controlled, it is lowered by ModifierLowering instead.
            return;
        }

        if (gate.Kind == GateKind.Builtin || (gate.Kind == GateKind.Library && !expandLibraryGates))
        {
            emit(new GateOperation(gate.Name, qubits, parameters, span));
            return;
        }

        foreach (var step in gate.Body)
        {
            var mapped = new int[step.Qubits.Length];
            for (var i = 0; i < mapped.Length; i++)
            {
                mapped[i] = qubits[step.Qubits[i]];
            }

            var stepQubits = ImmutableCollectionsMarshal.AsImmutableArray(mapped);
            if (step.Gate is null)
            {
                emit(new BarrierOperation(stepQubits, span));
                continue;
            }

            var arguments = step.Parameters;
            if (!arguments.IsEmpty)
            {
                var substituted = new Expr[arguments.Length];
                for (var i = 0; i < substituted.Length; i++)
                {
                    substituted[i] = ExpressionFolding.SubstituteParameters(arguments[i], parameters);
                }

                arguments = ImmutableCollectionsMarshal.AsImmutableArray(substituted);
            }

            if (step.Modifiers is { } modifiers)
            {
                // Checked when the enclosing gate was defined, with the same shapes; failing here is a bug.
                if (ModifierLowering.Lower(step.Gate, arguments, stepQubits, modifiers, span, emit) is { } error)
                {
                    throw new Domain.Errors.QxmException(error);
                }

                continue;
            }

            Apply(step.Gate, arguments, stepQubits, span, expandLibraryGates, emit);
        }
    }
}
