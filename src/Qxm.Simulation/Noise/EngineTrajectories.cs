using System.Numerics;
using System.Runtime.InteropServices;
using System.Text;
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
internal static class EngineTrajectories
{
    /// <summary>Trunk states kept at most: checkpoints every eighth of the circuit.</summary>
    private const int MaxCheckpoints = 8;

    public static Dictionary<int, long> Run(
        CompiledCircuit circuit, NoiseModel noise, int shots, int trajectories, ulong seed, int workers, CancellationToken cancellationToken)
    {
        using var activity = SimulationActivities.Start(SimulationActivities.Trajectories);
        var measurements = new FinalMeasurements(circuit);
        var readout = new ReadoutConfusion(noise, measurements.MeasuredQubits);
        var steps = circuit.Steps;

        // First every trajectory's draws, until the end or a draw that needs the state. Equal draws, equal gates.
        var rngs = new Xoshiro256StarStar[trajectories];
        var walks = new Walk?[trajectories];
        var firstEvents = new int[trajectories];
        Parallel.For(0, trajectories, new ParallelOptions { MaxDegreeOfParallelism = workers, CancellationToken = cancellationToken }, t =>
        {
            rngs[t] = Xoshiro256StarStar.ForStream(seed, (ulong)t);
            walks[t] = Walk.Draw(steps, circuit.QubitCount, rngs[t], evaluate: null, out firstEvents[t]);
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
        var engineOptions = SimulatorOptions.Default with { Threads = jobs.Count >= workers ? 1 : workers };
        using var trunk = Trunk.Run(circuit, jobs, workers, cancellationToken);

        var byIndex = new Dictionary<int, long>();
        var merge = new Lock();
        Parallel.ForEach(
            jobs,
            new ParallelOptions { MaxDegreeOfParallelism = jobs.Count >= workers ? workers : 1, CancellationToken = cancellationToken },
            () => (State: StateVectorEngine.Start(circuit.QubitCount, engineOptions), Counts: new Dictionary<int, long>()),
            (job, loop, local) =>
            {
                // Gates before the job's first event are the trunk's: it starts from the trunk's last state before them.
                var skip = trunk.StartFrom(job.FirstEvent, local.State);
                var gates = job.Shared?.Gates;
                if (gates is null)
                {
                    // Replays the draws from the start of the stream, this time running the gates where the state is needed.
                    var t = job.Members[0];
                    rngs[t] = Xoshiro256StarStar.ForStream(seed, (ulong)t);
                    var state = local.State;
                    gates = Walk.Draw(steps, circuit.QubitCount, rngs[t], (qubit, pending) =>
                    {
                        pending.RemoveRange(0, skip);
                        skip = 0;
                        state.Apply(pending, cancellationToken);
                        var weights = state.MarginalWeights([qubit]);
                        return (weights[0], weights[1]);
                    }, out _)!.Gates;
                }

                local.State.Apply(skip == 0 ? gates : gates[skip..], cancellationToken);
                var shares = job.Members.Select(t => (shots / trajectories) + (t < shots % trajectories ? 1 : 0)).ToList();
                Func<Xoshiro256StarStar, int> draw;
                if (OutcomeSampler<double>.Pays(circuit.QubitCount, measurements.MeasuredQubits.Count, shares.Sum()))
                {
                    draw = local.State.Sampler(measurements.MeasuredQubits);
                }
                else
                {
                    draw = new CumulativeDistribution(local.State.MarginalWeights(measurements.MeasuredQubits)).Sample;
                }

                for (var j = 0; j < job.Members.Count; j++)
                {
                    var rng = rngs[job.Members[j]];
                    for (var s = 0; s < shares[j]; s++)
                    {
                        CollectionsMarshal.GetValueRefOrAddDefault(local.Counts, readout.Read(draw(rng), rng), out _)++;
                    }
                }

                return local;
            },
            local =>
            {
                local.State.Dispose();
                lock (merge)
                {
                    foreach (var (index, count) in local.Counts)
                    {
                        CollectionsMarshal.GetValueRefOrAddDefault(byIndex, index, out _) += count;
                    }
                }
            });

        return byIndex;
    }

    /// <summary>Trajectories simulated together: those that drew the same branches (<see cref="Shared"/> holds their
    /// gates), or one whose draws needed the state (Shared null: it is replayed with the engine). Before the step
    /// <see cref="FirstEvent"/> (the first drawn Pauli, phase flip or possible jump) its gates are the trunk's.</summary>
    private sealed record Job(Walk? Shared, List<int> Members, int FirstEvent);

    /// <summary>The gates every trajectory has before its first event (no Pauli, no flip, the no-jump operators), run
    /// once, with the state kept at a few checkpoints. With the built-in calibration about one trajectory in five draws
    /// nothing at all and the others' first event falls anywhere, so starting each from the last checkpoint before it
    /// saves about half of their gates (docs/decisions/0020).</summary>
    private sealed class Trunk(int[] stepAt, int[] gatesAt, ISteppedState?[] states) : IDisposable
    {
        /// <summary>Makes <paramref name="state"/> the trunk's state at the last checkpoint at or before step
        /// <paramref name="firstEvent"/> and returns how many of the trajectory's first gates that state already holds.</summary>
        public int StartFrom(int firstEvent, ISteppedState state)
        {
            var k = stepAt.Length - 1;
            while (k > 0 && (stepAt[k] > firstEvent || states[k] is null))
            {
                k--;
            }

            if (k == 0)
            {
                state.Reset();
            }
            else
            {
                state.CopyFrom(states[k]!);
            }

            return gatesAt[k];
        }

        public static Trunk Run(CompiledCircuit circuit, List<Job> jobs, int workers, CancellationToken cancellationToken)
        {
            var steps = circuit.Steps;
            var gates = new List<GateShape>();
            var gatesAtStep = new int[steps.Count + 1];
            for (var s = 0; s < steps.Count; s++)
            {
                gatesAtStep[s] = gates.Count;
                Walk.DrawStep(steps, s, gates, key: null, rng: null, evaluate: null, out _);
            }

            gatesAtStep[steps.Count] = gates.Count;

            // Each checkpoint is one more state in memory, and they may take at most a quarter of what the workers'
            // states leave; a trunk pays only when enough trajectories start from it.
            var state = Math.Max(1, MemoryGuard.RequiredBytes(circuit.QubitCount));
            var room = Math.Max(0, (MemoryGuard.UsableBytes() / state) - workers - 1) / 4;
            var count = (int)Math.Clamp(Math.Min(room, jobs.Count / 16), 0, MaxCheckpoints);
            var stepAt = new int[count + 1];
            var gatesAt = new int[count + 1];
            var states = new ISteppedState?[count + 1];
            for (var k = 1; k <= count; k++)
            {
                stepAt[k] = (int)((long)steps.Count * k / count);
                gatesAt[k] = gatesAtStep[stepAt[k]];
            }

            var used = jobs.Count == 0 ? 0 : jobs.Max(j => Array.FindLastIndex(stepAt, s => s <= j.FirstEvent));
            if (used > 0)
            {
                using var trunk = StateVectorEngine.Start(circuit.QubitCount, SimulatorOptions.Default with { Threads = workers });
                for (var k = 1; k <= used; k++)
                {
                    trunk.Apply(gates[gatesAt[k - 1]..gatesAt[k]], cancellationToken);
                    if (jobs.Any(j => j.FirstEvent >= stepAt[k] && (k == count || j.FirstEvent < stepAt[k + 1])))
                    {
                        states[k] = trunk.Clone();
                    }
                }
            }

            return new Trunk(stepAt, gatesAt, states);
        }

        public void Dispose()
        {
            foreach (var state in states)
            {
                state?.Dispose();
            }
        }
    }

    /// <summary>One trajectory's gates with its noise folded in, and a key that is equal exactly when the drawn branches are.</summary>
    private sealed class Walk(List<GateShape> gates, string key)
    {
        public List<GateShape> Gates { get; } = gates;

        public string Key { get; } = key;

        /// <summary>Draws every channel's branch in the reference unravelling's order of draws. Where amplitude damping
        /// needs P(1), <paramref name="evaluate"/> gets the qubit and the gates not yet run (it runs and clears them) and
        /// returns the unnormalised weights of 0 and 1; without it the walk stops there and returns null.</summary>
        public static Walk? Draw(
            IReadOnlyList<Step> steps, int qubits, Xoshiro256StarStar rng, Func<int, List<GateShape>, (double Zero, double One)>? evaluate,
            out int firstEvent)
        {
            var gates = new List<GateShape>(steps.Count);
            var key = new StringBuilder();
            firstEvent = steps.Count;
            for (var index = 0; index < steps.Count; index++)
            {
                var events = key.Length;
                var drawn = DrawStep(steps, index, gates, key, rng, evaluate, out var evaluated);
                if (firstEvent == steps.Count && (key.Length > events || evaluated))
                {
                    firstEvent = index;
                }

                if (!drawn)
                {
                    return null;
                }
            }

            return new Walk(gates, key.ToString());
        }

        /// <summary>Adds step <paramref name="index"/>'s gate (noise folded in) to <paramref name="gates"/>; with no
        /// <paramref name="rng"/>, the branch every channel takes when it draws nothing. False where a draw needs the
        /// state and there is no <paramref name="evaluate"/>; <paramref name="evaluated"/> says whether it read the state.</summary>
        public static bool DrawStep(
            IReadOnlyList<Step> steps, int index, List<GateShape> gates, StringBuilder? key, Xoshiro256StarStar? rng,
            Func<int, List<GateShape>, (double Zero, double One)>? evaluate, out bool evaluated)
        {
            evaluated = false;
            switch (steps[index])
            {
                case GateStep gate:
                    gates.Add(new GateShape(gate.Qubits, gate.Matrix));
                    return true;
                case NoisyGateStep noisy:
                    return DrawNoisy(noisy, index, gates, key, rng, evaluate, out evaluated);
                case MeasureStep:
                    return true;
                default:
                    throw new ArgumentException($"{steps[index].GetType().Name} needs per-shot trajectories", nameof(steps));
            }
        }

        /// <summary>Without <paramref name="rng"/> every draw is 1: no Pauli, no flip, no possible jump.</summary>
        private static bool DrawNoisy(
            NoisyGateStep noisy, int index, List<GateShape> gates, StringBuilder? key, Xoshiro256StarStar? rng,
            Func<int, List<GateShape>, (double Zero, double One)>? evaluate, out bool evaluated)
        {
            evaluated = false;
            var operands = noisy.Gate?.Qubits ?? OperandsOf(noisy.Channels);
            var matrix = noisy.Gate?.Matrix.ToArray() ?? Identity(operands.Length);
            var changed = noisy.Gate is not null;
            for (var c = 0; c < noisy.Channels.Length; c++)
            {
                switch (noisy.Channels[c])
                {
                    case DepolarizingChannel depolarizing:
                        if (rng is not null && rng.NextDouble() < depolarizing.PauliProbability)
                        {
                            var strings = (1UL << (2 * depolarizing.Qubits.Length)) - 1;
                            var pauli = 1 + (int)(rng.NextUInt64() % strings);
                            for (var j = 0; j < depolarizing.Qubits.Length; j++)
                            {
                                var (a, b, cc, d) = Pauli((pauli >> (2 * j)) & 3);
                                LeftMultiply(matrix, operands.Length, Array.IndexOf(operands, depolarizing.Qubits[j]), a, b, cc, d);
                            }

                            key!.Append(index).Append('d').Append(pauli).Append(';');
                            changed = true;
                        }

                        break;
                    case RelaxationChannel relaxation:
                        var j1 = Array.IndexOf(operands, relaxation.Qubit);
                        if (relaxation.Gamma > 0)
                        {
                            var u = rng?.NextDouble() ?? 1;
                            if (u < relaxation.Gamma)
                            {
                                evaluated = true;
                                if (evaluate is null)
                                {
                                    return false;
                                }

                                gates.Add(new GateShape(operands, matrix));
                                var (zero, one) = evaluate(relaxation.Qubit, gates);
                                gates.Clear();
                                matrix = Identity(operands.Length);
                                var norm = zero + one;
                                if (u < relaxation.Gamma * one / norm)
                                {
                                    // Jump: |1⟩ decays to |0⟩; scaled back to norm 1.
                                    LeftMultiply(matrix, operands.Length, j1, 0, 1 / Math.Sqrt(one), 0, 0);
                                }
                                else
                                {
                                    var scale = 1 / Math.Sqrt(zero + ((1 - relaxation.Gamma) * one));
                                    LeftMultiply(matrix, operands.Length, j1, scale, 0, 0, Math.Sqrt(1 - relaxation.Gamma) * scale);
                                }
                            }
                            else
                            {
                                LeftMultiply(matrix, operands.Length, j1, 1, 0, 0, Math.Sqrt(1 - relaxation.Gamma));
                            }

                            changed = true;
                        }

                        if (relaxation.PhaseFlip > 0 && rng is not null && rng.NextDouble() < relaxation.PhaseFlip)
                        {
                            LeftMultiply(matrix, operands.Length, j1, 1, 0, 0, -1);
                            key!.Append(index).Append('z').Append(c).Append(';');
                            changed = true;
                        }

                        break;
                    default:
                        throw new ArgumentException($"unknown channel {noisy.Channels[c].GetType().Name}", nameof(noisy));
                }
            }

            if (changed)
            {
                gates.Add(new GateShape(operands, matrix));
            }

            return true;
        }

        private static int[] OperandsOf(NoiseChannel[] channels) =>
        [
            .. channels.SelectMany(c => c switch
            {
                DepolarizingChannel d => d.Qubits,
                RelaxationChannel r => [r.Qubit],
                _ => [],
            }).Distinct(),
        ];

        private static Complex[] Identity(int operands)
        {
            var dim = 1 << operands;
            var matrix = new Complex[dim * dim];
            for (var i = 0; i < dim; i++)
            {
                matrix[(i * dim) + i] = Complex.One;
            }

            return matrix;
        }

        private static (Complex A, Complex B, Complex C, Complex D) Pauli(int pauli) => pauli switch
        {
            1 => (0, 1, 1, 0),
            2 => (0, -Complex.ImaginaryOne, Complex.ImaginaryOne, 0),
            3 => (1, 0, 0, -1),
            _ => (1, 0, 0, 1),
        };

        /// <summary>matrix ← (A on operand bit <paramref name="bit"/>) · matrix, A = [[a, b], [c, d]].</summary>
        private static void LeftMultiply(Complex[] matrix, int operands, int bit, Complex a, Complex b, Complex c, Complex d)
        {
            var dim = 1 << operands;
            var mask = 1 << bit;
            for (var r0 = 0; r0 < dim; r0++)
            {
                if ((r0 & mask) != 0)
                {
                    continue;
                }

                var r1 = r0 | mask;
                for (var col = 0; col < dim; col++)
                {
                    var x0 = matrix[(r0 * dim) + col];
                    var x1 = matrix[(r1 * dim) + col];
                    matrix[(r0 * dim) + col] = (a * x0) + (b * x1);
                    matrix[(r1 * dim) + col] = (c * x0) + (d * x1);
                }
            }
        }
    }
}
