using System.Runtime.InteropServices;
using Qxm.Simulation.Diagnostics;
using Qxm.Simulation.Sampling;
using Qxm.Simulation.StateVector;
using Qxm.Simulation.StateVector.Engine;

namespace Qxm.Simulation.Noise;

/// <summary>Trajectories of a circuit whose measurements all come last, on the engine's blocked kernels. Each
/// trajectory's noise is drawn first and folded into its gates (a gate and the Kraus branches drawn after it become one
/// matrix on the gate's operands), so a trajectory is a gate list the planner fuses into passes like any circuit.
/// Trajectories that drew the same branches share one simulation: with realistic noise most draw none.</summary>
/// <remarks>Amplitude damping's branch depends on the state: the jump happens with probability γ·P(1). Since
/// γ·P(1) ≤ γ, a draw u ≥ γ means no jump whatever the state, and the no-jump operator diag(1, √(1−γ)) is folded in
/// without renormalising (sampling scales to the norm, and a later P(1) is read relative to it). Only a draw u &lt; γ
/// needs the state: the gates so far are run, P(1) is read, and the jump happens if u &lt; γ·P(1), exactly the
/// decision of the reference unravelling (<see cref="TrajectoryChannels"/>) on the same draw.</remarks>
internal static partial class EngineTrajectories
{
    /// <summary>Trunk states kept at most: checkpoints every eighth of the circuit.</summary>
    private const int MaxCheckpoints = 8;

    /// <summary>Jobs run tiles of 4 registers: nearly every job's passes need kernels of their own, and those compile in
    /// about half the time of 8-register ones. 1,000 trajectories of the 20-qubit depth-10 circuit in a fresh process:
    /// 1,900 kernels instead of 2,700, about 2.5 s less compiling, 0.4 s more running (docs/decisions/0020).</summary>
    private const int JobTileBits = 2;

    public static Dictionary<int, long> Run(
        CompiledCircuit circuit, NoiseModel noise, int shots, int trajectories, ulong seed, int workers, SimulationPrecision precision,
        CancellationToken cancellationToken)
    {
        using var activity = SimulationActivities.Start(SimulationActivities.Trajectories);
        var measurements = new FinalMeasurements(circuit);
        var readout = new ReadoutConfusion(noise, measurements.MeasuredQubits);
        var steps = circuit.Steps;
        var permutations = Walk.Permutations(steps);

        // First every trajectory's draws, until the end or a draw that needs the state. Equal draws, equal gates.
        var rngs = new Xoshiro256StarStar[trajectories];
        var walks = new Walk?[trajectories];
        var firstEvents = new int[trajectories];
        Parallel.For(0, trajectories, new ParallelOptions { MaxDegreeOfParallelism = workers, CancellationToken = cancellationToken }, t =>
        {
            rngs[t] = Xoshiro256StarStar.ForStream(seed, (ulong)t);
            walks[t] = Walk.Draw(steps, permutations, circuit.QubitCount, rngs[t], evaluate: null, out firstEvents[t]);
        });

        var jobs = new List<Job>();
        var byKey = new Dictionary<string, Job>(StringComparer.Ordinal);
        for (var t = 0; t < trajectories; t++)
        {
            if (walks[t] is not { } walk)
            {
                jobs.Add(new Job(null, [t], firstEvents[t]));
            }
            else if (byKey.TryGetValue(walk.Key, out var shared))
            {
                shared.Members.Add(t);
            }
            else
            {
                var job = new Job(walk, [t], firstEvents[t]);
                byKey[walk.Key] = job;
                jobs.Add(job);
            }
        }

        // One state per worker, reused; with fewer distinct trajectories than workers, the engine's own threads share each.
        var engineOptions = SimulatorOptions.Default with { Threads = jobs.Count >= workers ? 1 : workers, TileBits = JobTileBits, Precision = precision };
        using var trunk = Trunk.Run(circuit, permutations, jobs, workers, precision, cancellationToken);

        var byIndex = new Dictionary<int, long>();
        var merge = new Lock();
        // Each worker runs one long loop, taking the next job until none is left. (A Parallel.ForEach over the jobs ends
        // its tasks every so often and queues them again, and the pool threads woken for them spin while waiting: in a
        // profile of 1,000 trajectories, a tenth of the samples.)
        var parallelism = jobs.Count >= workers ? workers : 1;
        var next = -1;
        Parallel.For(0, parallelism, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken }, worker =>
        {
            using var state = StateVectorEngine.Start(circuit.QubitCount, engineOptions);
            var counts = new Dictionary<int, long>();
            for (var j = Interlocked.Increment(ref next); j < jobs.Count; j = Interlocked.Increment(ref next))
            {
                cancellationToken.ThrowIfCancellationRequested();
                RunJob(jobs[j], state, counts);
            }

            lock (merge)
            {
                foreach (var (index, count) in counts)
                {
                    CollectionsMarshal.GetValueRefOrAddDefault(byIndex, index, out _) += count;
                }
            }
        });

        return byIndex;

        void RunJob(Job job, ISteppedState state, Dictionary<int, long> counts)
        {
            // Gates before the job's first event are the trunk's: it starts from the trunk's last state before them.
            var skip = trunk.StartFrom(job.FirstEvent, state);
            var gates = job.Shared?.Gates;
            if (gates is null)
            {
                // Replays the draws from the start of the stream, this time running the gates where the state is needed.
                var t = job.Members[0];
                rngs[t] = Xoshiro256StarStar.ForStream(seed, (ulong)t);
                gates = Walk.Draw(steps, permutations, circuit.QubitCount, rngs[t], (qubit, pending) =>
                {
                    pending.RemoveRange(0, skip);
                    skip = 0;
                    state.Apply(pending, cancellationToken);
                    var weights = state.MarginalWeights([qubit]);
                    return (weights[0], weights[1]);
                }, out _)!.Gates;
            }

            state.Apply(skip == 0 ? gates : gates[skip..], cancellationToken);
            var shares = job.Members.Select(t => (shots / trajectories) + (t < shots % trajectories ? 1 : 0)).ToList();
            Func<Xoshiro256StarStar, int> draw;
            if (OutcomeSampler<float>.Pays(circuit.QubitCount, measurements.MeasuredQubits.Count, shares.Sum()))
            {
                draw = state.Sampler(measurements.MeasuredQubits);
            }
            else
            {
                draw = new CumulativeDistribution(state.MarginalWeights(measurements.MeasuredQubits)).Sample;
            }

            for (var j = 0; j < job.Members.Count; j++)
            {
                var rng = rngs[job.Members[j]];
                for (var s = 0; s < shares[j]; s++)
                {
                    CollectionsMarshal.GetValueRefOrAddDefault(counts, readout.Read(draw(rng), rng), out _)++;
                }
            }
        }
    }

    /// <summary>Trajectories simulated together: those that drew the same branches (<see cref="Shared"/> holds their
    /// gates), or one whose draws needed the state (Shared null: it is replayed with the engine). Before the step
    /// <see cref="FirstEvent"/> (the first drawn Pauli, phase flip or possible jump) its gates are the trunk's.</summary>
    private sealed record Job(Walk? Shared, List<int> Members, int FirstEvent);
}
