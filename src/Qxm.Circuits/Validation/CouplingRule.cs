using Qxm.Circuits.Ir;
using Qxm.Domain.Backends;
using Qxm.Domain.Errors;

namespace Qxm.Circuits.Validation;

/// <summary>Native multi-qubit gates on qubit tuples the device does not couple (or not in that direction).</summary>
internal sealed class CouplingRule : IValidationRule
{
    public string Id => ValidationRules.UncoupledQubits;

    public IEnumerable<Diagnostic> Check(ValidationContext context)
    {
        var target = context.Target;
        if (target.Operations.Count == 0)
        {
            return [];
        }

        var coupling = target.CouplingMap.ToHashSet();
        var problems = OperationTree.Descendants(context.Circuit.Operations).OfType<GateOperation>()
            .Where(g => target.IsNative(g.Name) && g.Qubits.All(q => q < target.Qubits) && !target.IsAvailable(g.Name, g.Qubits))
            .ToList();
        var diagnostics = problems.Take(ValidationRules.MaxPerRule)
            .Select(g => new Diagnostic(Id, Message(context, g, coupling), context.File, g.Span.Line, g.Span.Column))
            .ToList();
        if (problems.Count > ValidationRules.MaxPerRule)
        {
            diagnostics.Add(new Diagnostic(Id, $"{problems.Count - ValidationRules.MaxPerRule} more gates on uncoupled qubits are not listed", context.File));
        }

        return diagnostics;
    }

    private static string Message(ValidationContext context, GateOperation gate, HashSet<QubitPair> coupling)
    {
        var names = string.Join(", ", gate.Qubits.Select(context.QubitName));
        var physical = $"({string.Join(", ", gate.Qubits)})";
        if (gate.Qubits.Length != 2)
        {
            return $"{gate.Name} on {names} (physical {physical}) is not available on {context.Backend}; move it to qubits where it is";
        }

        var (a, b) = (gate.Qubits[0], gate.Qubits[1]);
        if (coupling.Contains(new QubitPair(b, a)))
        {
            return $"{gate.Name} on {names} (physical {physical}) runs only in the direction ({b}, {a}) on {context.Backend}; "
                + "reverse it (for cx: h on both qubits before and after the reversed cx)";
        }

        var neighbours = coupling.Where(p => p.First == a).Select(p => p.Second)
            .Concat(coupling.Where(p => p.Second == a).Select(p => p.First))
            .Distinct().Order().ToList();
        var near = neighbours.Count == 0 ? "none" : string.Join(", ", neighbours);
        return $"{gate.Name} on {names} (physical {physical}): qubits {a} and {b} are not coupled on {context.Backend} "
            + $"(neighbours of {a}: {near}); place the qubits on coupled pairs or route with swaps (a transpiler does both)";
    }
}
