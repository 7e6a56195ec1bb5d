using Qxm.Circuits.Ir;
using Qxm.Domain.Errors;

namespace Qxm.Circuits.Validation;

/// <summary>Declared qubits no operation touches: they still count toward a device's size and the simulator's memory.</summary>
internal sealed class UnusedQubitRule : IValidationRule
{
    public string Id => ValidationRules.UnusedQubit;

    public IEnumerable<Diagnostic> Check(ValidationContext context)
    {
        var used = OperationTree.QubitsActedOn(context.Circuit.Operations);

        // A qubit given a delay is used on purpose (timing experiments), even if nothing else touches it.
        foreach (var delay in OperationTree.Descendants(context.Circuit.Operations).OfType<DelayOperation>())
        {
            used.UnionWith(delay.Qubits);
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
