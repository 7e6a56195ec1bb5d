using Qxm.Simulation.StateVector;

namespace Qxm.Simulation.Noise;

/// <summary>How noisy state-vector runs unravel their noise. Counts for a seed do not depend on <see cref="Threads"/>.</summary>
public sealed record TrajectoryOptions
{
    public static TrajectoryOptions Default { get; } = new();

    /// <summary>Trajectories run in parallel on up to this many threads, 1 to 1024; defaults to the processor count.
    /// Fewer run when their states would not fit in memory together.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>Noise realisations for a circuit whose measurements all come last, 1 to 10^7; its shots are split
    /// evenly among them and each trajectory's final state is sampled for its share. More trajectories cost time in
    /// proportion and cut the part of the statistical error that comes from noise realisations; one per shot is exact
    /// sampling. Circuits with mid-circuit measurement, reset or feed-forward always take one trajectory per shot.</summary>
    public int MaxTrajectories { get; init; } = 1000;

    /// <summary>Circuits of at least this many qubits whose measurements all come last run their trajectories on the
    /// engine's blocked kernels (noise folded into the gates, equal draws simulated once); smaller ones on the reference
    /// kernels, where a pass costs less than planning one. 1 to 64.</summary>
    public int EngineFromQubits { get; init; } = DefaultEngineFromQubits;

    internal const int DefaultEngineFromQubits = 10;

    /// <summary>Amplitudes of trajectories on the engine's kernels: single by default. A trajectory gives one or a few
    /// shots, so single precision's relative error of about 1e-6 lies orders of magnitude below the sampling noise, and
    /// it halves the memory traffic and doubles the lanes of a register (docs/decisions/0020). Probabilities are summed in
    /// double either way; trajectories on the reference kernels and per-shot circuits run in double.</summary>
    public SimulationPrecision Precision { get; init; } = SimulationPrecision.Single;

    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Threads, 1, nameof(Threads));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Threads, 1024, nameof(Threads));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxTrajectories, 1, nameof(MaxTrajectories));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxTrajectories, 10_000_000, nameof(MaxTrajectories));
        ArgumentOutOfRangeException.ThrowIfLessThan(EngineFromQubits, 1, nameof(EngineFromQubits));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(EngineFromQubits, 64, nameof(EngineFromQubits));
        if (!Enum.IsDefined(Precision))
        {
            throw new ArgumentOutOfRangeException(nameof(Precision), Precision, "unknown precision");
        }
    }
}
