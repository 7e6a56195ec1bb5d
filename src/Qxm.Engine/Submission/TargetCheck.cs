using Qxm.Circuits.Ir;
using Qxm.Domain.Backends;
using Qxm.Domain.Errors;
using Qxm.Simulation;

namespace Qxm.Engine.Submission;

/// <summary>The checks of a prepared experiment against its backend's target that the foundation needs:
/// size, shots and circuit count. Device-specific rules (native gates, coupling) come with device targets.</summary>
internal static class TargetCheck
{
    public static IEnumerable<Diagnostic> Check(ExperimentSpec spec, PreparedExperiment prepared, BackendInfo backend)
    {
        var target = backend.Target;
        var circuit = prepared.Circuit;
        if (circuit.QubitCount > target.Qubits)
        {
            var (line, column) = FirstQubitDeclaration(spec.CircuitSource);
            var message = backend.Kind == "simulator" && MemoryGuard.Check(circuit.QubitCount) is { } memory
                ? memory.Message
                : $"the circuit uses {circuit.QubitCount} qubits but backend '{backend.Id}' has {target.Qubits}";
            yield return new Diagnostic("target.too-many-qubits", message, spec.CircuitOrigin, line, column);
        }

        if (spec.Shots < 1)
        {
            yield return new Diagnostic("experiment.value", $"shots must be at least 1, not {spec.Shots}", Path: "shots");
        }

        if (spec.Shots > target.MaxShots)
        {
            yield return new Diagnostic(
                "target.too-many-shots", $"{spec.Shots} shots exceed the maximum of {target.MaxShots} on '{backend.Id}'", Path: "shots");
        }

        if (prepared.Points.Count > target.MaxCircuits)
        {
            yield return new Diagnostic(
                "target.too-many-circuits",
                $"the sweep has {prepared.Points.Count} points but '{backend.Id}' runs at most {target.MaxCircuits} circuits per job",
                Path: "parameters");
        }
    }

    /// <summary>Points the size error at the first qubit declaration, where the user would change it.</summary>
    private static (int Line, int Column) FirstQubitDeclaration(string source)
    {
        var line = 1;
        foreach (var text in source.Split('\n'))
        {
            foreach (var keyword in (string[])["qreg", "qubit"])
            {
                var at = text.IndexOf(keyword, StringComparison.Ordinal);
                if (at >= 0)
                {
                    return (line, at + 1);
                }
            }

            line++;
        }

        return (0, 0);
    }
}
