using Qxm.Circuits.Binding;
using Qxm.Circuits.Ir;
using Qxm.Circuits.Parsing;
using Qxm.Domain.Backends;
using Qxm.Domain.Errors;
using Qxm.Engine.Observables;

namespace Qxm.Engine.Submission;

/// <summary>Parses an experiment's circuit and binds it at every sweep point. Used at submission (to validate and
/// fingerprint) and again by the worker from the stored spec, so a run never depends on files outside the store.</summary>
public static class ExperimentPreparation
{
    /// <param name="target">The backend's target when the experiment is prepared for one: <c>durationof</c> reads its durations.</param>
    public static (PreparedExperiment? Prepared, IReadOnlyList<Diagnostic> Diagnostics) Prepare(ExperimentSpec spec, Target? target = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var parsed = ParsedPrograms.Shared.Parse(spec.CircuitSource, spec.CircuitOrigin, spec.Includes, target);
        if (parsed.Circuit is null)
        {
            return (null, parsed.Diagnostics);
        }

        var (prepared, diagnostics) = Bind(spec, parsed.Circuit, spec.SweepPoints());
        return (prepared, [.. parsed.Diagnostics, .. diagnostics]);
    }

    /// <summary>Binds a parsed circuit at every sweep point; null and the binder's diagnostics when a point fails.</summary>
    public static (PreparedExperiment? Prepared, IReadOnlyList<Diagnostic> Diagnostics) Bind(
        ExperimentSpec spec, Circuit circuit, IReadOnlyList<IReadOnlyDictionary<string, double>> points)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(points);
        if (CircuitBinder.CheckSweep(circuit, points.Count, spec.CircuitOrigin, "/parameters") is { } tooLarge)
        {
            return (null, [tooLarge]);
        }

        var bound = new List<Circuit>(points.Count);
        var diagnostics = new List<Diagnostic>();
        foreach (var point in points)
        {
            var result = CircuitBinder.Bind(circuit, point, spec.CircuitOrigin);
            if (result.Circuit is null)
            {
                // A missing or unknown parameter fails every point the same way: report the first.
                diagnostics.AddRange(result.Diagnostics);
                return (null, diagnostics);
            }

            bound.Add(result.Circuit);
        }

        var prepared = new PreparedExperiment(circuit, points, bound);
        if (spec.Observables is { Count: > 0 } observables)
        {
            var (plan, problems) = MeasurementPlan.Create(observables, spec.Expectation, circuit, spec.CircuitOrigin, spec.Mitigation, spec.Zne);
            if (plan is null)
            {
                return (null, [.. diagnostics, .. problems]);
            }

            prepared = prepared.WithPlan(plan);
        }

        return (prepared, diagnostics);
    }
}
