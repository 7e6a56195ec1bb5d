using System.Diagnostics;
using System.Numerics;
using System.Runtime.InteropServices;
using Qxm.Circuits.Ir;
using Qxm.Domain.Errors;
using Qxm.Simulation.Sampling;
using Qxm.Simulation.StateVector;
using Qxm.Simulation.StateVector.Kernels;

namespace Qxm.Simulation.Noise;

/// <summary>Noisy simulation by quantum trajectories on the state vector: each trajectory evolves a pure state and
/// draws one Kraus branch of every channel; the average over trajectories is the density-matrix result, which the
/// tests check against <see cref="DensityMatrix.DensityMatrixSimulator"/>.</summary>
/// <remarks>Trajectory t draws only from stream <c>(seed, t)</c> and owns a fixed share of the shots, so counts are
/// the same for any number of threads and any order of completion.</remarks>
public static class TrajectorySimulator
{
    /// <exception cref="QxmException">The circuit is invalid, wider than the calibration, or does not fit in memory.</exception>
    public static SimulationOutcome Run(
        Circuit circuit, NoiseModel noise, int shots, ulong seed, TrajectoryOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        ArgumentNullException.ThrowIfNull(noise);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(shots);
        options.Validate();
        var stopwatch = Stopwatch.StartNew();
        if (MemoryGuard.Check(circuit.QubitCount) is { } refusal)
        {
            throw new QxmException(refusal.Message);
        }

        var compiled = CircuitCompiler.Compile(circuit, noise);
        var perShot = circuit.NeedsPerShotSimulation;
        var trajectories = perShot ? shots : Math.Min(shots, options.MaxTrajectories);

        // Each worker holds one state; never more workers than states that fit.
        var stateBytes = MemoryGuard.RequiredBytes(circuit.QubitCount);
        var workers = (int)Math.Clamp(MemoryGuard.UsableBytes() / Math.Max(1, stateBytes), 1, options.Threads);

        var onEngine = !perShot && circuit.QubitCount >= options.EngineFromQubits;
        var counts = perShot ? RunPerShot(compiled, noise, shots, seed, workers, cancellationToken)
            : onEngine ? Keys(compiled, EngineTrajectories.Run(compiled, noise, shots, trajectories, seed, workers, options.Precision, cancellationToken))
            : RunFinal(compiled, noise, shots, trajectories, seed, workers, cancellationToken);
        var vectors = onEngine ? StateVectorSimulator.VectorDescription : "scalar";
        var precision = onEngine && options.Precision == SimulationPrecision.Single ? "single" : "double";
        var provenance = new SimulationProvenance("trajectories", workers, precision, vectors, trajectories, noise.Fingerprint);
        return new SimulationOutcome(counts, stopwatch.Elapsed.TotalSeconds) { Provenance = provenance };
    }

    private static Dictionary<string, long> RunFinal(
        CompiledCircuit circuit, NoiseModel noise, int shots, int trajectories, ulong seed, int workers, CancellationToken cancellationToken)
    {
        var measurements = new FinalMeasurements(circuit);
        var readout = new ReadoutConfusion(noise, measurements.MeasuredQubits);
        var byIndex = new Dictionary<int, long>();
        var gate = new Lock();
        Parallel.For(
            0,
            trajectories,
            new ParallelOptions { MaxDegreeOfParallelism = workers, CancellationToken = cancellationToken },
            () => (State: new Complex[1 << circuit.QubitCount], Counts: new Dictionary<int, long>()),
            (t, loop, local) =>
            {
                var rng = Xoshiro256StarStar.ForStream(seed, (ulong)t);
                Evolve(circuit, local.State, rng, clbits: null, cancellationToken);
                var distribution = new CumulativeDistribution(measurements.MarginalWeights(local.State));
                var share = (shots / trajectories) + (t < shots % trajectories ? 1 : 0);
                for (var s = 0; s < share; s++)
                {
                    var read = readout.Read(distribution.Sample(rng), rng);
                    CollectionsMarshal.GetValueRefOrAddDefault(local.Counts, read, out _)++;
                }

                return local;
            },
            local =>
            {
                lock (gate)
                {
                    foreach (var (index, count) in local.Counts)
                    {
                        CollectionsMarshal.GetValueRefOrAddDefault(byIndex, index, out _) += count;
                    }
                }
            });

        return Keys(circuit, byIndex);
    }

    private static Dictionary<string, long> Keys(CompiledCircuit circuit, Dictionary<int, long> byIndex)
    {
        var measurements = new FinalMeasurements(circuit);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (index, count) in byIndex)
        {
            CollectionsMarshal.GetValueRefOrAddDefault(counts, measurements.Key(index), out _) += count;
        }

        return counts;
    }

    private static Dictionary<string, long> RunPerShot(
        CompiledCircuit circuit, NoiseModel noise, int shots, ulong seed, int workers, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        var gate = new Lock();
        Parallel.For(
            0,
            shots,
            new ParallelOptions { MaxDegreeOfParallelism = workers, CancellationToken = cancellationToken },
            () => (State: new Complex[1 << circuit.QubitCount], Clbits: new char[circuit.ClbitCount], Counts: new Dictionary<string, long>(StringComparer.Ordinal)),
            (shot, loop, local) =>
            {
                local.Clbits.AsSpan().Fill('0');
                var rng = Xoshiro256StarStar.ForStream(seed, (ulong)shot);
                Evolve(circuit, local.State, rng, new Shot(noise, local.Clbits), cancellationToken);
                var lookup = local.Counts.GetAlternateLookup<ReadOnlySpan<char>>();
                CollectionsMarshal.GetValueRefOrAddDefault(lookup, local.Clbits, out _)++;
                return local;
            },
            local =>
            {
                lock (gate)
                {
                    foreach (var (key, count) in local.Counts)
                    {
                        CollectionsMarshal.GetValueRefOrAddDefault(counts, key, out _) += count;
                    }
                }
            });

        return counts;
    }

    /// <summary>Runs every step from |0…0⟩. Without <paramref name="clbits"/> measurements are final and skipped: the
    /// caller samples the final state.</summary>
    private static void Evolve(CompiledCircuit circuit, Complex[] state, Xoshiro256StarStar rng, Shot? clbits, CancellationToken cancellationToken)
    {
        Array.Clear(state);
        state[0] = Complex.One;
        foreach (var step in circuit.Steps)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Execute(step, state, rng, clbits);
        }
    }

    private static void Execute(Step step, Complex[] state, Xoshiro256StarStar rng, Shot? shot)
    {
        switch (step)
        {
            case GateStep gate:
                gate.Kernel.Apply(state);
                break;
            case NoisyGateStep noisy:
                noisy.Gate?.Kernel.Apply(state);
                foreach (var channel in noisy.Channels)
                {
                    TrajectoryChannels.Apply(channel, state, rng);
                }

                break;
            case MeasureStep when shot is null:
                break;
            case MeasureStep measure:
                var outcome = Measure(state, measure.Qubit, rng, reset: false);
                if (ReadoutConfusion.Misreads(shot.Noise.Qubit(measure.Qubit), outcome, rng))
                {
                    outcome ^= 1;
                }

                shot.Clbits[shot.Clbits.Length - 1 - measure.Clbit] = outcome == 1 ? '1' : '0';
                break;
            case ResetStep reset:
                Measure(state, reset.Qubit, rng, reset: true);
                break;
            case ConditionalStep conditional:
                if (shot is not null && PerShotRun.Holds(conditional, shot.Clbits))
                {
                    Execute(conditional.Body, state, rng, shot);
                }

                break;
            case BranchStep branch when shot is not null:
                var clbits = shot.Clbits;
                var taken = branch.Condition.HoldsOn(clbits) ? branch.Then : branch.Else;
                foreach (var inner in taken)
                {
                    Execute(inner, state, rng, shot);
                }

                break;
            case WhileStep loop when shot is not null:
                loop.Run(shot.Clbits, inner => Execute(inner, state, rng, shot));

                break;
            case AssignStep assign when shot is not null:
                assign.Apply(shot.Clbits);
                break;
            default:
                throw new QxmException($"the trajectory simulator cannot run {step.GetType().Name} here");
        }
    }

    private static int Measure(Complex[] state, int qubit, Xoshiro256StarStar rng, bool reset)
    {
        var one = Projection.ProbabilityOfOne(state, qubit);
        var outcome = rng.NextDouble() < one ? 1 : 0;
        Projection.Collapse(state, qubit, outcome, outcome == 1 ? one : 1 - one, moveToZero: reset);
        return outcome;
    }

    /// <summary>One shot's classical register (the outcome string, clbit 0 rightmost) and the model its reads use.</summary>
    private sealed record Shot(NoiseModel Noise, char[] Clbits);
}
