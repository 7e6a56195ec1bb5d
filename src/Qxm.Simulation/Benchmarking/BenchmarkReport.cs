using Qxm.Simulation.StateVector;

namespace Qxm.Simulation.Benchmarking;

/// <summary>A benchmark run: the machine's figures measured in the same run, and each circuit's.</summary>
/// <param name="Vectors">The register width the engine chose on this processor.</param>
/// <param name="BandwidthBytesPerSecond">In-place read-modify-write bandwidth of the probe (bytes read plus written).</param>
public sealed record BenchmarkReport(
    string Vectors,
    int Threads,
    SimulationPrecision Precision,
    double BandwidthBytesPerSecond,
    IReadOnlyList<CircuitBenchmark> Circuits);
