using Qxm.Simulation.StateVector;

namespace Qxm.Simulation.Benchmarking;

/// <summary>How <see cref="SimulatorBenchmark"/> runs: engine threads and precision, and how many times each circuit
/// runs (the fastest counts, since a shared machine only ever slows a run down).</summary>
public sealed record BenchmarkOptions
{
    public int Threads { get; init; } = Environment.ProcessorCount;

    public SimulationPrecision Precision { get; init; } = SimulationPrecision.Double;

    /// <summary>Runs per circuit, 1 to 100.</summary>
    public int Repetitions { get; init; } = 1;

    /// <summary>Gate fusion; off gives the one-pass-per-gate baseline.</summary>
    public bool Fusion { get; init; } = true;

    /// <summary>Generated tile kernels; off sweeps each block once per operation, for comparison.</summary>
    public bool Tiles { get; init; } = true;

    /// <summary>Qubits per cache block; null for the engine's default. For tuning.</summary>
    public int? BlockQubits { get; init; }

    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Repetitions, 1, nameof(Repetitions));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Repetitions, 100, nameof(Repetitions));
        ToSimulatorOptions().Validate();
    }

    internal SimulatorOptions ToSimulatorOptions() => new()
    {
        Threads = Threads,
        Precision = Precision,
        Fusion = Fusion,
        Tiles = Tiles,
        BlockQubits = BlockQubits,
    };
}
