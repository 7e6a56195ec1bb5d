using Qxm.Circuits.Ir;
using Qxm.Domain.Errors;

namespace Qxm.Circuits.Validation;

/// <summary>Gates the target does not run natively: each use, where, and the standard rewriting that would apply.</summary>
internal sealed class NativeOperationRule : IValidationRule
{
    public string Id => ValidationRules.NonNativeOperation;

    public IEnumerable<Diagnostic> Check(ValidationContext context)
    {
        var target = context.Target;
        if (target.NativeGates is not { } native)
        {
            return [];
        }

        var basis = string.Join(", ", native);
        var uses = OperationTree.Descendants(context.Circuit.Operations).OfType<GateOperation>()
            .Where(g => !target.IsNative(g.Name))
            .ToList();
        var diagnostics = uses.Take(ValidationRules.MaxPerRule).Select(gate =>
        {
            var hint = StandardDecompositions.For(gate.Name, target.IsNative) is { } rewrite
                ? $"rewrite '{rewrite.Call}' as '{rewrite.Body}' (equal up to a global phase)"
                : $"transpile the circuit to the basis {{{basis}}} first (docs/devices.md shows how)";
            return new Diagnostic(
                Id,
                $"{gate.Name} is not native on {context.Backend} (native: {basis}); {hint}",
                context.File,
                gate.Span.Line,
                gate.Span.Column);
        }).ToList();
        if (uses.Count > ValidationRules.MaxPerRule)
        {
            var names = string.Join(", ", uses.Skip(ValidationRules.MaxPerRule).Select(g => g.Name).Distinct(StringComparer.Ordinal));
            diagnostics.Add(new Diagnostic(Id, $"{uses.Count - ValidationRules.MaxPerRule} more uses of non-native gates ({names}) are not listed", context.File));
        }

        return diagnostics;
    }
}
