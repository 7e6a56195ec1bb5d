namespace Qxm.Simulation.StateVector;

/// <summary>How the state-vector engine runs. Results do not depend on <see cref="Threads"/>; the other switches
/// exist to compare optimisations against each other and against the reference kernels.</summary>
public sealed record SimulatorOptions
{
    /// <summary>The defaults: all cores, double precision, fusion and SIMD on.</summary>
    public static SimulatorOptions Default { get; } = new();

    /// <summary>Worker threads, 1 to 1024; defaults to the processor count.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    public SimulationPrecision Precision { get; init; } = SimulationPrecision.Double;

    /// <summary>Apply many gates per pass over the state (cache blocking); off means one pass per gate.</summary>
    public bool Fusion { get; init; } = true;

    /// <summary>Vector instructions; off runs the same kernels one amplitude at a time.</summary>
    public bool Simd { get; init; } = true;

    /// <summary>Within a block, apply a group of gates per load of a register tile with generated straight-line
    /// kernels; off sweeps the block once per operation.</summary>
    public bool Tiles { get; init; } = true;

    /// <summary>Qubits per cache block (2^n amplitudes per worker buffer), 4 to 24; null picks the tuned default.
    /// Small values exist so that tests of a few qubits exercise the blocked paths.</summary>
    public int? BlockQubits { get; init; }

    /// <summary>Register bits a tile group spans at most (2^n registers per part stay loaded), 1 to 3; null: 3 with
    /// 512-bit registers, else 2. Noise trajectories take 2: each job's passes need kernels no other job had (2,700
    /// for 1,000 trajectories of a 20-qubit circuit), and one of 4 registers compiles in about half the time.</summary>
    internal int? TileBits { get; init; }

    /// <summary>From this many qubits, a circuit that measures every qubit samples straight from the state (sorted
    /// draws, one read) instead of through a table of every outcome's probability. For tests.</summary>
    internal int DirectSamplingFromQubits { get; init; } = 22;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> when a value is out of its bounds.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Threads, 1, nameof(Threads));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Threads, 1024, nameof(Threads));
        if (!Enum.IsDefined(Precision))
        {
            throw new ArgumentOutOfRangeException(nameof(Precision), Precision, "unknown precision");
        }

        if (TileBits is { } t)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(t, 1, nameof(TileBits));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(t, 3, nameof(TileBits));
        }

        if (BlockQubits is { } b)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(b, 4, nameof(BlockQubits));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(b, 24, nameof(BlockQubits));
        }
    }
}
