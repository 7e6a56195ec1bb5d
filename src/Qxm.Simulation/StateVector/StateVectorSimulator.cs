using System.Diagnostics;
using System.Numerics;
using Qxm.Circuits.Ir;
using Qxm.Domain.Errors;
using Qxm.Simulation.Sampling;

namespace Qxm.Simulation.StateVector;

/// <summary>An exact state-vector simulator of bound circuits. Amplitude index bit i is qubit i; outcome strings
/// have one character per clbit, clbit 0 rightmost, and clbits never written read '0'.</summary>
public static class StateVectorSimulator
{
    /// <summary>Outcomes below this probability are left out of <see cref="Probabilities"/>: they are rounding
    /// noise of double arithmetic (amplitudes of ~1e-16 square to ~1e-32), not results.</summary>
    internal const double NegligibleProbability = 1e-15;

    /// <summary>Runs <paramref name="circuit"/> <paramref name="shots"/> times. Without mid-circuit measurement, reset or
    /// conditionals it simulates once and samples every shot from the final distribution; otherwise it branches
    /// per shot. The same seed gives the same counts.</summary>
    /// <exception cref="QxmException">The circuit is not bound or valid, or its state does not fit in memory.</exception>
    public static SimulationOutcome Run(Circuit circuit, int shots, ulong seed, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        ArgumentOutOfRangeException.ThrowIfNegative(shots);
        var stopwatch = Stopwatch.StartNew();
        var compiled = CircuitCompiler.Compile(circuit);
        var counts = circuit.NeedsPerShotSimulation
            ? PerShotRun.Execute(compiled, shots, seed, cancellationToken)
            : Sample(compiled, shots, seed, cancellationToken);
        return new SimulationOutcome(counts, stopwatch.Elapsed.TotalSeconds);
    }

    /// <summary>The state after every gate of a circuit that has only gates, barriers and final measurements (which are ignored).</summary>
    public static Complex[] FinalState(Circuit circuit)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        RequireNoPerShotNeeds(circuit);
        var compiled = CircuitCompiler.Compile(circuit);
        return Evolve(compiled, CancellationToken.None);
    }

    /// <summary>The exact probability of each classical outcome, keyed like <see cref="SimulationOutcome.Counts"/>,
    /// for circuits without per-shot needs. Outcomes below <see cref="NegligibleProbability"/> are left out.</summary>
    public static IReadOnlyDictionary<string, double> Probabilities(Circuit circuit)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        RequireNoPerShotNeeds(circuit);
        var compiled = CircuitCompiler.Compile(circuit);
        var measurements = new FinalMeasurements(compiled);
        var weights = measurements.MarginalWeights(Evolve(compiled, CancellationToken.None));
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

    private static Complex[] Evolve(CompiledCircuit circuit, CancellationToken cancellationToken)
    {
        var state = AllocateZeroState(circuit.QubitCount);
        foreach (var step in circuit.Steps)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (step is GateStep gate)
            {
                gate.Kernel.Apply(state);
            }
        }

        return state;
    }

    private static Dictionary<string, long> Sample(CompiledCircuit circuit, int shots, ulong seed, CancellationToken cancellationToken)
    {
        var measurements = new FinalMeasurements(circuit);
        var distribution = new CumulativeDistribution(measurements.MarginalWeights(Evolve(circuit, cancellationToken)));
        var rng = new Xoshiro256StarStar(seed);
        var byIndex = new Dictionary<int, long>();
        for (var shot = 0; shot < shots; shot++)
        {
            if ((shot & 0xFFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var index = distribution.Sample(rng);
            byIndex[index] = byIndex.GetValueOrDefault(index) + 1;
        }

        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (index, count) in byIndex)
        {
            var key = measurements.Key(index);
            counts[key] = counts.GetValueOrDefault(key) + count;
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
