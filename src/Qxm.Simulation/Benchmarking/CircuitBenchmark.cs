namespace Qxm.Simulation.Benchmarking;

/// <summary>One circuit's figures.</summary>
/// <param name="Circuit">File name without extension.</param>
/// <param name="Gates">Gate operations in the circuit.</param>
/// <param name="Passes">Passes over the state after fusion (swaps cost none).</param>
/// <param name="Seconds">Compile, plan, allocate and evolve; parsing and sampling excluded. The fastest repetition.</param>
/// <param name="FirstSeconds">The first repetition, which also generates the tile kernels of shapes this process has
/// not met before.</param>
/// <param name="BandwidthFraction">Bytes the passes moved (read and write of the whole state each) per second, as a
/// fraction of the probe's in-place read-modify-write bandwidth.</param>
/// <param name="UnfusedBoundSeconds">Gates × one full pass at the probe's bandwidth: the best a one-pass-per-gate
/// simulator could do.</param>
/// <param name="MultipleOfUnfusedBound"><see cref="UnfusedBoundSeconds"/> / <see cref="Seconds"/>: above 1 beats that bound.</param>
public sealed record CircuitBenchmark(
    string Circuit,
    int Qubits,
    int Gates,
    int Passes,
    double Seconds,
    double FirstSeconds,
    double GatesPerSecond,
    double BandwidthFraction,
    double UnfusedBoundSeconds,
    double MultipleOfUnfusedBound);
