using System.Collections.Immutable;
using Qxm.Circuits.Ir;

namespace Qxm.Circuits.Parsing;

/// <summary>The standard definitions of the library gates, for checking the simulators' native matrices
/// against what <c>qelib1.inc</c>, <c>stdgates.inc</c> and <c>ionq.inc</c> say the gates mean.</summary>
public static class StandardGateDefinitions
{
    /// <summary>The definition of a library gate inlined down to the built-ins <c>U</c> and <c>CX</c>, applied to
    /// qubits 0..k-1 of a k-qubit circuit. A gate in both includes is taken from <c>qelib1.inc</c>.</summary>
    public static Circuit Expand(string gateName, IReadOnlyList<double> parameters)
    {
        ArgumentNullException.ThrowIfNull(gateName);
        ArgumentNullException.ThrowIfNull(parameters);
        var version = 2;
        var gate = gateName switch
        {
            "U" => GateDefinition.U,
            "CX" => GateDefinition.CX,
            _ => Find(LibraryIncludes.Qelib1, gateName),
        };
        if (gate is null)
        {
            version = 3;
            gate = Find(LibraryIncludes.StdGates, gateName) ?? Find(LibraryIncludes.IonQ, gateName)
                ?? throw new ArgumentException($"'{gateName}' is not a standard library gate", nameof(gateName));
        }

        if (parameters.Count != gate.ParameterCount)
        {
            throw new ArgumentException(
                $"gate '{gateName}' takes {gate.ParameterCount} parameters but {parameters.Count} were given", nameof(parameters));
        }

        var operations = new List<Operation>();
        GateInliner.Apply(
            gate,
            [.. parameters.Select(p => (Expr)new ConstantExpr(p))],
            [.. Enumerable.Range(0, gate.QubitCount)],
            SourceSpan.None,
            expandLibraryGates: true,
            operations.Add);
        return new Circuit(version, gate.QubitCount, 0, [new Register("q", gate.QubitCount, 0)], [], [], [.. operations]);
    }

    private static GateDefinition? Find(string include, string name)
    {
        LibraryIncludes.TryGet(include, out var gates);
        return gates.FirstOrDefault(g => string.Equals(g.Name, name, StringComparison.Ordinal));
    }
}
