using Qxm.Circuits.Ir;
using Qxm.Domain.Errors;

namespace Qxm.Circuits.Validation;

/// <summary>Declared qubits no operation touches: they still count toward a device's size and the simulator's memory.</summary>
internal sealed class UnusedQubitRule : IValidationRule
{
    public string Id => ValidationRules.UnusedQubit;

    public IEnumerable<Diagnostic> Check(ValidationContext context)
    {
        var used = new HashSet<int>();
        foreach (var op in OperationTree.Descendants(context.Circuit.Operations))
        {
            switch (op)
            {
                case GateOperation g:
                    used.UnionWith(g.Qubits);
                    break;
                case MeasureOperation m:
                    used.Add(m.Qubit);
                    break;
                case ResetOperation r:
                    used.Add(r.Qubit);
                    break;
                case DelayOperation d:
                    used.UnionWith(d.Qubits);
                    break;
            }
        }

        var unused = Enumerable.Range(0, context.Circuit.QubitCount).Where(q => !used.Contains(q)).ToList();
        if (unused.Count == 0)
        {
            yield break;
        }

        var names = string.Join(", ", unused.Take(ValidationRules.MaxPerRule).Select(context.QubitName))
            + (unused.Count > ValidationRules.MaxPerRule ? $" and {unused.Count - ValidationRules.MaxPerRule} more" : "");
        yield return new Diagnostic(
            Id,
            $"{(unused.Count == 1 ? "qubit" : "qubits")} {names} {(unused.Count == 1 ? "is" : "are")} declared but never used; "
                + "declare fewer qubits (unused ones still count toward the backend's size)",
            context.File,
            Severity: DiagnosticSeverity.Warning);
    }
}
