using Qxm.Circuits.Ir;
using Qxm.Circuits.Parsing;
using Qxm.Circuits.Validation;
using Qxm.Domain.Backends;
using Qxm.Domain.Errors;
using Qxm.Simulation;

namespace Qxm.Engine.Submission;

/// <summary>Parses, binds and validates an experiment against one backend's target, reporting every problem at once:
/// the parser's, the binder's and each validation rule's (errors and lint warnings).</summary>
internal static class TargetCheck
{
    /// <returns>The parsed circuit (null when it does not parse), the prepared experiment (null on any error) and every diagnostic.</returns>
    public static (Circuit? Parsed, PreparedExperiment? Prepared, IReadOnlyList<Diagnostic> Diagnostics) Run(ExperimentSpec spec, BackendInfo backend)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var parsed = OpenQasmParser.Parse(spec.CircuitSource, spec.CircuitOrigin, name => spec.Includes.GetValueOrDefault(name));
        if (parsed.Circuit is null)
        {
            return (null, null, parsed.Diagnostics);
        }

        var points = spec.SweepPoints();
        var (prepared, binding) = ExperimentPreparation.Bind(spec, parsed.Circuit, points);
        var problems = Check(spec, parsed.Circuit, points, prepared?.BoundCircuits ?? [], backend);

        // The parameter rule says the same as the binder about unbound and non-finite values, but at the gate.
        var located = problems.Any(d => d.Rule == ValidationRules.ParameterValue);
        List<Diagnostic> all =
        [
            .. parsed.Diagnostics,
            .. binding.Where(d => !located || d.Rule is not ("bind.unbound-input" or "bind.non-finite")),
            .. problems,
        ];
        return (parsed.Circuit, all.Any(d => d.IsError) ? null : prepared, all);
    }

    public static IEnumerable<Diagnostic> Check(
        ExperimentSpec spec, Circuit circuit, IReadOnlyList<IReadOnlyDictionary<string, double>> points, IReadOnlyList<Circuit> bound, BackendInfo backend)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(circuit);
        ArgumentNullException.ThrowIfNull(backend);
        if (spec.Shots < 1)
        {
            yield return new Diagnostic("experiment.value", $"shots must be at least 1, not {spec.Shots}", Path: "shots");
        }

        var context = new ValidationContext(circuit, spec.CircuitOrigin, points, bound, spec.Shots, backend.Id, backend.Target);
        foreach (var diagnostic in CircuitValidator.Validate(context))
        {
            // A simulator's qubit limit is its memory: say so, with the figures.
            if (diagnostic.Rule == ValidationRules.TooManyQubits && backend.Kind == "simulator" && MemoryGuard.Check(circuit.QubitCount) is { } memory)
            {
                var at = FirstQubitDeclaration(circuit);
                yield return diagnostic with { Message = memory.Message, Line = at.Line, Column = at.Column };
                continue;
            }

            if (diagnostic.Rule == ValidationRules.TooManyQubits)
            {
                var at = FirstQubitDeclaration(circuit);
                yield return diagnostic with { Line = at.Line, Column = at.Column };
                continue;
            }

            yield return diagnostic;
        }
    }

    /// <summary>Points the size error at the first qubit declaration, where the user would change it; a program on
    /// physical qubits has none, so its first operation stands in.</summary>
    private static SourceSpan FirstQubitDeclaration(Circuit circuit) =>
        circuit.QuantumRegisters.IsEmpty
            ? circuit.Operations.IsEmpty ? SourceSpan.None : circuit.Operations[0].Span
            : circuit.QuantumRegisters[0].Span;
}
