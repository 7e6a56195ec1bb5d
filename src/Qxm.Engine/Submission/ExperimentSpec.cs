using System.Text.Json.Serialization;
using Qxm.Domain.Experiments;
using Qxm.Domain.Observables;

namespace Qxm.Engine.Submission;

/// <summary>The self-contained, stored form of an experiment version: enough to run it again anywhere.</summary>
public sealed record ExperimentSpec(
    string Name,
    string CircuitSource,
    string CircuitOrigin,
    IReadOnlyDictionary<string, string> Includes,
    IReadOnlyList<ParameterAxis> Parameters,
    SweepMode Sweep,
    int Shots,
    string Backend,
    ulong? Seed,
    RunOptions? Options = null)
{
    /// <summary>Observables to estimate; null (and absent from the stored JSON) when the experiment declares none.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<Observable>? Observables { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public ExpectationMode Expectation { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public MitigationMethod Mitigation { get; init; }

    /// <summary>Zero-noise extrapolation's settings; null (and absent from the stored JSON) without it.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ZneSettings? Zne { get; init; }

    public static ExperimentSpec From(ExperimentDefinition experiment, IReadOnlyDictionary<string, string> includes)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        // Axes are kept in name order so that the order of keys in the experiment file changes neither the
        // fingerprint nor the order of sweep points.
        var axes = experiment.Parameters.OrderBy(a => a.Name, StringComparer.Ordinal).ToArray();
        return new ExperimentSpec(
            experiment.Name,
            experiment.CircuitSource,
            experiment.CircuitOrigin,
            includes,
            axes,
            experiment.Sweep,
            experiment.Shots,
            experiment.Backend,
            experiment.Seed,
            experiment.Options)
        {
            Observables = experiment.Observables.Count == 0 ? null : experiment.Observables,
            Expectation = experiment.Expectation,
            Mitigation = experiment.Mitigation,
            Zne = experiment.Mitigation == MitigationMethod.Zne ? experiment.Zne ?? ZneSettings.Default : null,
        };
    }

    public IReadOnlyList<IReadOnlyDictionary<string, double>> SweepPoints() => SweepExpansion.Expand(Parameters, Sweep);
}
