using Qxm.Domain.Calibration;
using Qxm.Domain.Loops;
using Qxm.Domain.Observables;

namespace Qxm.Domain.Experiments;

/// <summary>An experiment as the user authored it, after loading and before parsing the circuit.</summary>
public sealed record ExperimentDefinition
{
    /// <summary>The <see cref="Backend"/> of an experiment that states requirements instead.</summary>
    public const string AnyBackend = "";

    public required string Name { get; init; }

    /// <summary>The OpenQASM source text.</summary>
    public required string CircuitSource { get; init; }

    /// <summary>Where the circuit came from, for diagnostics: a path as the user wrote it, or <c>&lt;inline&gt;</c>.</summary>
    public required string CircuitOrigin { get; init; }

    public IReadOnlyList<ParameterAxis> Parameters { get; init; } = [];
    public SweepMode Sweep { get; init; } = SweepMode.Grid;
    public required int Shots { get; init; }
    /// <summary>The backend id, or <see cref="AnyBackend"/> when <see cref="Requirements"/> leave the choice to submission.</summary>
    public string Backend { get; init; } = "sim.statevector";

    /// <summary>Set instead of a backend: what the chosen backend must offer.</summary>
    public BackendRequirements? Requirements { get; init; }
    public ulong? Seed { get; init; }

    public RunOptions? Options { get; init; }
    public string Priority { get; init; } = Experiments.Priority.Normal;
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>What the run does when its backend's calibration drifts; null takes the tenant's policy.</summary>
    public DriftPolicy? OnDrift { get; init; }

    /// <summary>Approved alternative backends, in order, for when the backend is unavailable for too long; null takes the
    /// tenant's alternatives for the backend.</summary>
    public IReadOnlyList<string>? Failover { get; init; }

    /// <summary>Whether an identical earlier run may answer this submission (<c>cache</c> in the experiment).</summary>
    public CachePolicy Cache { get; init; } = CachePolicy.Never;

    /// <summary>Observables to estimate at every sweep point, in declaration order; empty for counts only.</summary>
    public IReadOnlyList<Observable> Observables { get; init; } = [];

    /// <summary>Mitigation applied to the results of the <see cref="Observables"/>.</summary>
    public MitigationMethod Mitigation { get; init; }

    /// <summary>With <see cref="MitigationMethod.Zne"/>, its scale factors and fit; else null.</summary>
    public ZneSettings? Zne { get; init; }

    /// <summary>How the <see cref="Observables"/> are obtained.</summary>
    public ExpectationMode Expectation { get; init; } = ExpectationMode.Shots;

    /// <summary>External pre- and post-processing steps, run by the client (<c>qxm run</c>), never by a server.</summary>
    public ExperimentHooks? Hooks { get; init; }

    /// <summary>Set for a <c>kind: optimize</c> experiment: the loop that runs it (<c>qxm optimize</c>).</summary>
    public OptimizeSettings? Optimize { get; init; }

    /// <summary>The sweep points in order: one binding of every parameter each.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, double>> SweepPoints() => SweepExpansion.Expand(Parameters, Sweep);
}
