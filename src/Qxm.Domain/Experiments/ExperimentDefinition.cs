namespace Qxm.Domain.Experiments;

/// <summary>An experiment as the user authored it, after loading and before parsing the circuit.</summary>
public sealed record ExperimentDefinition
{
    public required string Name { get; init; }

    /// <summary>The OpenQASM source text.</summary>
    public required string CircuitSource { get; init; }

    /// <summary>Where the circuit came from, for diagnostics: a path as the user wrote it, or <c>&lt;inline&gt;</c>.</summary>
    public required string CircuitOrigin { get; init; }

    public IReadOnlyList<ParameterAxis> Parameters { get; init; } = [];
    public SweepMode Sweep { get; init; } = SweepMode.Grid;
    public required int Shots { get; init; }
    public string Backend { get; init; } = "sim.statevector";
    public ulong? Seed { get; init; }
    public string Priority { get; init; } = Experiments.Priority.Normal;
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>The sweep points in order: one binding of every parameter each.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, double>> SweepPoints() => SweepExpansion.Expand(Parameters, Sweep);
}
