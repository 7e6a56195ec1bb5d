using Qxm.Circuits.Ir;
using Qxm.Circuits.Parsing;
using Qxm.Circuits.Validation;
using Qxm.Domain.Backends;
using Qxm.Domain.Errors;
using System.Globalization;
using Qxm.Domain.Observables;
using Qxm.Engine.Observables;

namespace Qxm.Engine.Submission;

/// <summary>Parses, binds and validates an experiment against one backend's target, reporting every problem at once:
/// the parser's, the binder's and each validation rule's (errors and lint warnings).</summary>
internal static class TargetCheck
{
    /// <returns>The parsed circuit (null when it does not parse), the prepared experiment (null on any error) and every diagnostic.</returns>
    public static (Circuit? Parsed, PreparedExperiment? Prepared, IReadOnlyList<Diagnostic> Diagnostics) Run(ExperimentSpec spec, BackendInfo backend)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(backend);
        var parsed = ParsedPrograms.Shared.Parse(spec.CircuitSource, spec.CircuitOrigin, spec.Includes, backend.Target);
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
            .. ObservableProblems(spec, prepared, backend),
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
        var tooWide = false;
        foreach (var diagnostic in CircuitValidator.Validate(context))
        {
            tooWide |= diagnostic.Rule == ValidationRules.TooManyQubits;
            // Where memory is what limits the target, say so, with the figures.
            if (diagnostic.Rule == ValidationRules.TooManyQubits && backend.Target.MaxQubitsInMemory is { } inMemory && circuit.QubitCount > inMemory)
            {
                var at = FirstQubitDeclaration(circuit);
                yield return diagnostic with { Message = MemoryMessage(circuit.QubitCount, inMemory, backend.Id), Line = at.Line, Column = at.Column };
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

        // A width that fits at one precision may not at another: refused here, with the figures, not when the job runs.
        if (!tooWide && backend.Target.PrecisionLimitFor(spec.Options?.Precision) is { } limit && circuit.QubitCount > limit.MaxQubits)
        {
            var at = FirstQubitDeclaration(circuit);
            yield return new Diagnostic(
                ValidationRules.TooManyQubits, PrecisionMessage(circuit.QubitCount, limit, backend), spec.CircuitOrigin, at.Line, at.Column);
        }
    }

    private static string PrecisionMessage(int qubits, PrecisionLimit limit, BackendInfo backend)
    {
        var others = backend.Target.PrecisionLimits.Where(l => l.MaxQubits >= qubits).Select(l => $"'precision: {l.Precision}' (up to {l.MaxQubits} qubits)").ToList();
        var instead = others.Count == 0 ? "" : $"set {string.Join(" or ", others)} in the experiment's options or ";
        return string.Create(CultureInfo.InvariantCulture,
            $"a {qubits}-qubit state needs {FormatBytes(Math.Pow(2, qubits) * limit.BytesPerAmplitude)} in {limit.Precision} precision but backend '{backend.Id}' holds "
            + $"at most {limit.MaxQubits} qubits in {limit.Precision} precision in this process's memory; {instead}declare at most {limit.MaxQubits} qubits");
    }

    private static string FormatBytes(double bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"];
        var unit = 0;
        while (bytes >= 1024 && unit < units.Length - 1)
        {
            bytes /= 1024;
            unit++;
        }

        return string.Create(CultureInfo.InvariantCulture, $"{bytes:0.0} {units[unit]}");
    }

    /// <summary>What a target must offer to measure observables: room for a circuit per sweep point and basis, the
    /// basis-change gates natively, and for exact values the ideal simulator.</summary>
    private static IEnumerable<Diagnostic> ObservableProblems(ExperimentSpec spec, PreparedExperiment? prepared, BackendInfo backend)
    {
        if (prepared?.Plan is not { } plan)
        {
            yield break;
        }

        if (prepared.JobCircuits.Count > backend.Target.MaxCircuits)
        {
            yield return new Diagnostic(ValidationRules.TooManyCircuits,
                $"{prepared.Points.Count} sweep points times {plan.Bases.Count} measurement bases{(plan.Scales.Count > 1 ? $" times {plan.Scales.Count} noise scales" : "")} make {prepared.JobCircuits.Count} circuits but '{backend.Id}' runs at most {backend.Target.MaxCircuits} per job",
                spec.CircuitOrigin, Path: "observables");
        }

        if (backend.Target.NativeGates is { } native && plan.Bases.Any(b => b.Any(l => l is 'X' or 'Y')) && !(native.Contains("rz") && native.Contains("sx")))
        {
            yield return new Diagnostic(ValidationRules.NonNativeOperation,
                $"measuring X or Y needs rz and sx for the basis change, which '{backend.Id}' does not run natively (native: {string.Join(", ", native)})",
                spec.CircuitOrigin, Path: "observables");
        }

        if (spec.Expectation == ExpectationMode.Exact && backend.Id != "sim.statevector")
        {
            yield return new Diagnostic(MeasurementPlan.RuleExact,
                $"exact expectation values come from the ideal simulator only; '{backend.Id}' estimates them from shots (use expectation: shots)",
                spec.CircuitOrigin, Path: "expectation");
        }
    }

    private static string MemoryMessage(int qubits, int inMemory, string backend)
    {
        // A state of n qubits holds 2^n amplitudes, 8 bytes each in single precision, the smallest a simulator keeps.
        return string.Create(CultureInfo.InvariantCulture,
            $"a {qubits}-qubit state needs at least {FormatBytes(Math.Pow(2, qubits) * 8)} (single precision) but backend '{backend}' holds at most {inMemory} qubits in this "
            + $"process's memory; declare at most {inMemory} qubits or choose another backend (qxm backends --for FILE)");
    }

    /// <summary>Points the size error at the first qubit declaration, where the user would change it; a program on
    /// physical qubits has none, so its first operation stands in.</summary>
    private static SourceSpan FirstQubitDeclaration(Circuit circuit) =>
        circuit.QuantumRegisters.IsEmpty
            ? circuit.Operations.IsEmpty ? SourceSpan.None : circuit.Operations[0].Span
            : circuit.QuantumRegisters[0].Span;
}
