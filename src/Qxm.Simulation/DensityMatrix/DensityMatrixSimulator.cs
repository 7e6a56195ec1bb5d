using System.Diagnostics;
using Qxm.Circuits.Ir;
using Qxm.Domain.Errors;
using Qxm.Simulation.Noise;
using Qxm.Simulation.Sampling;
using Qxm.Simulation.StateVector;

namespace Qxm.Simulation.DensityMatrix;

/// <summary>An exact density-matrix simulator, noiseless or under a <see cref="NoiseModel"/>: the reference that
/// trajectory results are tested against, and the <c>sim.density</c> backend. Memory grows as 16·4^n bytes, hence
/// the limit of <see cref="MaxQubits"/>.</summary>
public static class DensityMatrixSimulator
{
    /// <summary>12 qubits take 256 MiB; 13 would take 1 GiB per matrix, and per classical branch.</summary>
    public const int MaxQubits = 12;

    /// <summary>The exact probability of each outcome string (clbit 0 rightmost), readout errors included. Outcomes
    /// below 1e-15 are left out.</summary>
    /// <exception cref="QxmException">The circuit is invalid, too wide, or wider than the calibration.</exception>
    public static IReadOnlyDictionary<string, double> Probabilities(
        Circuit circuit, NoiseModel? noise = null, int threads = 1, CancellationToken cancellationToken = default) =>
        Distribution(circuit, noise, threads, cancellationToken).ToDictionary(StringComparer.Ordinal);

    /// <summary>Samples <paramref name="shots"/> outcomes from the exact distribution; the same seed gives the same
    /// counts for any <paramref name="threads"/>.</summary>
    public static SimulationOutcome Run(
        Circuit circuit, int shots, ulong seed, NoiseModel? noise, int threads, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(shots);
        var stopwatch = Stopwatch.StartNew();
        var distribution = Distribution(circuit, noise, threads, cancellationToken);
        var cumulative = new CumulativeDistribution([.. distribution.Select(p => p.Value)]);
        var rng = new Xoshiro256StarStar(seed);
        var byIndex = new long[distribution.Count];
        for (var shot = 0; shot < shots; shot++)
        {
            byIndex[cumulative.Sample(rng)]++;
        }

        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var i = 0; i < byIndex.Length; i++)
        {
            if (byIndex[i] > 0)
            {
                counts[distribution[i].Key] = byIndex[i];
            }
        }

        var provenance = new SimulationProvenance("density-matrix", threads, "double", "scalar", 0, noise?.Fingerprint);
        return new SimulationOutcome(counts, stopwatch.Elapsed.TotalSeconds) { Provenance = provenance };
    }

    /// <summary>Outcomes in ordinal order of their strings, so sampling is reproducible.</summary>
    private static List<KeyValuePair<string, double>> Distribution(
        Circuit circuit, NoiseModel? noise, int threads, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(threads, 1024);
        var n = circuit.QubitCount;
        if (n > MaxQubits)
        {
            throw new QxmException(
                $"a {n}-qubit density matrix needs {MemoryGuard.FormatBytes(16 * Math.Pow(4, n))} but the density-matrix " +
                $"simulator holds at most {MaxQubits} qubits ({MemoryGuard.FormatBytes(16 * Math.Pow(4, MaxQubits))})");
        }

        if (MemoryGuard.Check(2 * n) is { } refusal)
        {
            throw new QxmException($"density matrix of {n} qubits: {refusal.Message}");
        }

        var compiled = CircuitCompiler.Compile(circuit, noise);
        var evolution = new DensityEvolution(n, noise, threads, cancellationToken);
        var probabilities = new Dictionary<string, double>(StringComparer.Ordinal);
        if (circuit.NeedsPerShotSimulation)
        {
            var start = new Dictionary<string, DensityState>(StringComparer.Ordinal) { [new string('0', circuit.ClbitCount)] = DensityState.Zero(n) };
            foreach (var (key, state) in evolution.Run(compiled.Steps, start))
            {
                probabilities[key] = probabilities.GetValueOrDefault(key) + state.Trace();
            }
        }
        else
        {
            var state = DensityState.Zero(n);
            evolution.Run(compiled.Steps, state);
            var measurements = new FinalMeasurements(compiled);
            var weights = new double[1 << measurements.MeasuredQubits.Count];
            for (var i = 0; i < 1 << n; i++)
            {
                weights[measurements.Compress(i)] += state.Diagonal(i);
            }

            if (noise is not null)
            {
                new ReadoutConfusion(noise, measurements.MeasuredQubits).Apply(weights);
            }

            for (var i = 0; i < weights.Length; i++)
            {
                var key = measurements.Key(i);
                probabilities[key] = probabilities.GetValueOrDefault(key) + weights[i];
            }
        }

        return [.. probabilities.Where(p => p.Value >= StateVectorSimulator.NegligibleProbability).OrderBy(p => p.Key, StringComparer.Ordinal)];
    }
}
