using System.Diagnostics;
using System.Numerics;
using Qxm.Circuits.Ir;
using Qxm.Domain.Errors;
using Qxm.Simulation.Diagnostics;
using Qxm.Simulation.Sampling;
using Qxm.Simulation.StateVector.Engine;

namespace Qxm.Simulation.StateVector;

/// <summary>An exact state-vector simulator of bound circuits. Amplitude index bit i is qubit i; outcome strings
/// have one character per clbit, clbit 0 rightmost, and clbits never written read '0'.</summary>
public static class StateVectorSimulator
{
    /// <summary>Outcomes below this probability are left out of <see cref="Probabilities"/>: they are rounding
    /// noise of double arithmetic (amplitudes of ~1e-16 square to ~1e-32), not results.</summary>
    internal const double NegligibleProbability = 1e-15;

    /// <summary>Shots one worker draws from one stream when sampling a final state.</summary>
    private const int SampleChunk = 1 << 20;

    /// <summary>Runs <paramref name="circuit"/> <paramref name="shots"/> times. Without mid-circuit measurement, reset or
    /// conditionals it simulates once and samples every shot from the final distribution; otherwise it branches
    /// per shot. The same seed gives the same counts.</summary>
    /// <exception cref="QxmException">The circuit is not bound or valid, or its state does not fit in memory.</exception>
    public static SimulationOutcome Run(Circuit circuit, int shots, ulong seed, CancellationToken cancellationToken = default) =>
        Run(circuit, shots, seed, SimulatorOptions.Default, cancellationToken);

    /// <summary><see cref="Run(Circuit, int, ulong, CancellationToken)"/> with explicit engine options. Counts for a seed
    /// do not depend on <see cref="SimulatorOptions.Threads"/>.</summary>
    public static SimulationOutcome Run(Circuit circuit, int shots, ulong seed, SimulatorOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(shots);
        options.Validate();
        var stopwatch = Stopwatch.StartNew();
        CompiledCircuit compiled;
        using (SimulationActivities.Start(SimulationActivities.Compile))
        {
            compiled = CircuitCompiler.Compile(circuit);
        }

        var perShot = circuit.NeedsPerShotSimulation;
        var perShotOnEngine = perShot && PerShotRun.OnEngine(compiled);
        var counts = perShot
            ? PerShotRun.Execute(compiled, shots, seed, options, cancellationToken)
            : Sample(compiled, shots, seed, options, cancellationToken);

        // Per-shot runs branch in double precision whatever was asked: small ones on the reference kernels and one thread.
        var provenance = perShotOnEngine
            ? new SimulationProvenance("statevector-per-shot", options.Threads, "double", options.Simd ? VectorDescription : "scalar")
            : perShot
            ? new SimulationProvenance("statevector-per-shot", 1, "double", "scalar")
            : new SimulationProvenance(
                "statevector",
                options.Threads,
                options.Precision == SimulationPrecision.Single ? "single" : "double",
                options.Simd ? VectorDescription : "scalar");
        return new SimulationOutcome(counts, stopwatch.Elapsed.TotalSeconds) { Provenance = provenance };
    }

    /// <summary>The vector width the engine uses on this processor, for logs and benchmark reports.</summary>
    public static string VectorDescription => StateVectorEngine.VectorDescription;

    /// <summary>The state after every gate of a circuit that has only gates, barriers and final measurements (which are ignored).</summary>
    public static Complex[] FinalState(Circuit circuit) => FinalState(circuit, SimulatorOptions.Default);

    /// <summary><see cref="FinalState(Circuit)"/> with explicit engine options.</summary>
    public static Complex[] FinalState(Circuit circuit, SimulatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        RequireNoPerShotNeeds(circuit);
        var compiled = CircuitCompiler.Compile(circuit);
        using var state = Evolve(compiled, options, CancellationToken.None);
        return state.ToArray();
    }

    /// <summary>The exact probability of each classical outcome, keyed like <see cref="SimulationOutcome.Counts"/>,
    /// for circuits without per-shot needs. Outcomes below <see cref="NegligibleProbability"/> are left out.</summary>
    public static IReadOnlyDictionary<string, double> Probabilities(Circuit circuit) => Probabilities(circuit, SimulatorOptions.Default);

    /// <summary><see cref="Probabilities(Circuit)"/> with explicit engine options.</summary>
    public static IReadOnlyDictionary<string, double> Probabilities(Circuit circuit, SimulatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        RequireNoPerShotNeeds(circuit);
        var compiled = CircuitCompiler.Compile(circuit);
        var measurements = new FinalMeasurements(compiled);
        double[] weights;
        using (var state = Evolve(compiled, options, CancellationToken.None))
        {
            weights = state.MarginalWeights(measurements.MeasuredQubits);
        }

        var probabilities = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var i = 0; i < weights.Length; i++)
        {
            if (weights[i] > 0)
            {
                var key = measurements.Key(i);
                probabilities[key] = probabilities.GetValueOrDefault(key) + weights[i];
            }
        }

        foreach (var key in probabilities.Where(p => p.Value < NegligibleProbability).Select(p => p.Key).ToArray())
        {
            probabilities.Remove(key);
        }

        return probabilities;
    }

    internal static Complex[] AllocateZeroState(int qubits)
    {
        if (MemoryGuard.Check(qubits) is { } refusal)
        {
            throw new QxmException(refusal.Message);
        }

        var state = new Complex[1 << qubits];
        state[0] = Complex.One;
        return state;
    }

    /// <summary>The state by the simple reference kernels, one gate at a time: what the engine is tested against.</summary>
    internal static Complex[] ReferenceFinalState(Circuit circuit)
    {
        RequireNoPerShotNeeds(circuit);
        return ReferenceEvolve(CircuitCompiler.Compile(circuit));
    }

    internal static IEvolvedState Evolve(CompiledCircuit circuit, SimulatorOptions options, CancellationToken cancellationToken)
    {
        var bytesPerAmplitude = options.Precision == SimulationPrecision.Single ? 8 : 16;
        if (MemoryGuard.Check(circuit.QubitCount, bytesPerAmplitude) is { } refusal)
        {
            throw new QxmException(refusal.Message);
        }

        return StateVectorEngine.Evolve(circuit, options, cancellationToken);
    }

    private static Complex[] ReferenceEvolve(CompiledCircuit circuit)
    {
        var state = AllocateZeroState(circuit.QubitCount);
        foreach (var step in circuit.Steps)
        {
            if (step is GateStep gate)
            {
                gate.Kernel.Apply(state);
            }
        }

        return state;
    }

    private static Dictionary<string, long> Sample(
        CompiledCircuit circuit, int shots, ulong seed, SimulatorOptions options, CancellationToken cancellationToken)
    {
        var measurements = new FinalMeasurements(circuit);
        double[] weights;
        using (var state = Evolve(circuit, options, cancellationToken))
        {
            if (measurements.MeasuredQubits.Count == 0)
            {
                // Nothing is read: every shot gives the register's initial value, whatever the state.
                return shots == 0 ? [] : new Dictionary<string, long>(StringComparer.Ordinal) { [measurements.Key(0)] = shots };
            }

            if (measurements.MeasuredQubits.Count == circuit.QubitCount && circuit.QubitCount >= options.DirectSamplingFromQubits)
            {
                using var direct = SimulationActivities.Start(SimulationActivities.Sampling);
                return SampleDirect(state, measurements, shots, seed, options, cancellationToken);
            }

            using var marginals = SimulationActivities.Start(SimulationActivities.Marginals);
            weights = state.MarginalWeights(measurements.MeasuredQubits);
        }

        using var sampling = SimulationActivities.Start(SimulationActivities.Sampling);
        var distribution = new CumulativeDistribution(weights);

        // Shots are drawn in fixed chunks, chunk 0 from the seed's own stream and chunk k from stream (seed, k), so
        // chunks can run in parallel and the counts still do not depend on the thread count.
        var chunks = (int)Math.Max(1, ((long)shots + SampleChunk - 1) / SampleChunk);
        var byIndex = new Dictionary<int, long>();
        var merge = new Lock();
        Parallel.For(
            0,
            chunks,
            new ParallelOptions { MaxDegreeOfParallelism = options.Threads, CancellationToken = cancellationToken },
            chunk =>
            {
                var rng = chunk == 0 ? new Xoshiro256StarStar(seed) : Xoshiro256StarStar.ForStream(seed, (ulong)chunk);
                var local = new Dictionary<int, long>();
                var count = Math.Min(SampleChunk, shots - (chunk * SampleChunk));
                for (var shot = 0; shot < count; shot++)
                {
                    if ((shot & 0xFFFF) == 0)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                    }

                    var index = distribution.Sample(rng);
                    local[index] = local.GetValueOrDefault(index) + 1;
                }

                lock (merge)
                {
                    foreach (var (index, n) in local)
                    {
                        byIndex[index] = byIndex.GetValueOrDefault(index) + n;
                    }
                }
            });

        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (index, count) in byIndex)
        {
            var key = measurements.Key(index);
            counts[key] = counts.GetValueOrDefault(key) + count;
        }

        return counts;
    }

    /// <summary>Draws every shot's uniform number (chunk k of <see cref="SampleChunk"/> shots from stream (seed, k), as the
    /// table path does), sorts them, and assigns them to outcomes in one sweep of the state.</summary>
    private static Dictionary<string, long> SampleDirect(
        IEvolvedState state, FinalMeasurements measurements, int shots, ulong seed, SimulatorOptions options, CancellationToken cancellationToken)
    {
        var draws = new double[shots];
        var chunks = (int)Math.Max(1, ((long)shots + SampleChunk - 1) / SampleChunk);
        Parallel.For(
            0,
            chunks,
            new ParallelOptions { MaxDegreeOfParallelism = options.Threads, CancellationToken = cancellationToken },
            chunk =>
            {
                var rng = chunk == 0 ? new Xoshiro256StarStar(seed) : Xoshiro256StarStar.ForStream(seed, (ulong)chunk);
                var end = Math.Min(shots, (chunk + 1L) * SampleChunk);
                for (var shot = chunk * SampleChunk; shot < end; shot++)
                {
                    draws[shot] = rng.NextDouble();
                }
            });
        Array.Sort(draws);
        var byIndex = state.CountSortedDraws(draws, options.Threads);
        var counts = new Dictionary<string, long>(byIndex.Count, StringComparer.Ordinal);
        foreach (var (index, count) in byIndex)
        {
            counts[measurements.Key((int)index)] = count;
        }

        return counts;
    }

    private static void RequireNoPerShotNeeds(Circuit circuit)
    {
        if (circuit.NeedsPerShotSimulation)
        {
            throw new QxmException("the circuit measures mid-circuit, resets or branches on clbits: it has no single final state");
        }
    }
}
