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

    /// <summary>Jobs run tiles of 4 registers: nearly every job's passes need kernels of their own, and those compile in
    /// about half the time of 8-register ones. 1,000 trajectories of the 20-qubit depth-10 circuit in a fresh process:
    /// 1,900 kernels instead of 2,700, about 2.5 s less compiling, 0.4 s more running (docs/decisions/0020).</summary>
    private const int JobTileBits = 2;

    public static Dictionary<int, long> Run(
        CompiledCircuit circuit, NoiseModel noise, int shots, int trajectories, ulong seed, int workers, CancellationToken cancellationToken)
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
        var engineOptions = SimulatorOptions.Default with { Threads = jobs.Count >= workers ? 1 : workers, TileBits = JobTileBits };
        using var trunk = Trunk.Run(circuit, permutations, jobs, workers, cancellationToken);

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
            if (OutcomeSampler<double>.Pays(circuit.QubitCount, measurements.MeasuredQubits.Count, shares.Sum()))
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

        public static Trunk Run(CompiledCircuit circuit, bool[] permutations, List<Job> jobs, int workers, CancellationToken cancellationToken)
        {
            var steps = circuit.Steps;
            var gates = new List<GateShape>();
            var gatesAtStep = new int[steps.Count + 1];
            var pending = Walk.Pending(circuit.QubitCount);
            var after = new Walk.Operator[Walk.MaxOperands(steps)];
            for (var s = 0; s < steps.Count; s++)
            {
                gatesAtStep[s] = gates.Count;
                Walk.DrawStep(steps, permutations, s, gates, pending, after, key: null, rng: null, evaluate: null, out _);
            }

            Walk.Flush(gates, pending);

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
            IReadOnlyList<Step> steps, bool[] permutations, int qubits, Xoshiro256StarStar rng,
            Func<int, List<GateShape>, (double Zero, double One)>? evaluate, out int firstEvent)
        {
            var gates = new List<GateShape>(steps.Count);
            var key = new StringBuilder();
            var pending = Pending(qubits);
            var after = new Operator[MaxOperands(steps)];
            firstEvent = steps.Count;
            for (var index = 0; index < steps.Count; index++)
            {
                var events = key.Length;
                var drawn = DrawStep(steps, permutations, index, gates, pending, after, key, rng, evaluate, out var evaluated);
                if (firstEvent == steps.Count && (key.Length > events || evaluated))
                {
                    firstEvent = index;
                }

                if (!drawn)
                {
                    return null;
                }
            }

            Flush(gates, pending);
            return new Walk(gates, key.ToString());
        }

        /// <summary>Whether each step's gate is a permutation (<see cref="IsPermutation"/>), worked out once per run
        /// instead of once per trajectory and step.</summary>
        public static bool[] Permutations(IReadOnlyList<Step> steps) =>
        [
            .. steps.Select(s => s switch
            {
                GateStep gate => IsPermutation(gate.Matrix),
                NoisyGateStep { Gate: { } gate } => IsPermutation(gate.Matrix),
                _ => false,
            }),
        ];

        /// <summary>The most operands of any step (gate or channel): the room a walk's operators drawn after a gate need.</summary>
        public static int MaxOperands(IReadOnlyList<Step> steps) => steps.Max(s => s switch
        {
            GateStep gate => gate.Qubits.Length,
            NoisyGateStep noisy => Math.Max(noisy.Gate?.Qubits.Length ?? 0, OperandsOf(noisy.Channels).Length),
            _ => 0,
        });

        /// <summary>No operator waiting on any of <paramref name="qubits"/> qubits.</summary>
        public static Operator[] Pending(int qubits)
        {
            var pending = new Operator[qubits];
            pending.AsSpan().Fill(Operator.Identity);
            return pending;
        }

        /// <summary>Adds the operators waiting on <paramref name="qubits"/> (all when null) as one-qubit gates.</summary>
        public static void Flush(List<GateShape> gates, Operator[] pending, int[]? qubits = null)
        {
            for (var j = 0; j < (qubits?.Length ?? pending.Length); j++)
            {
                var q = qubits?[j] ?? j;
                if (!pending[q].IsIdentity)
                {
                    gates.Add(new GateShape([q], [pending[q].A, pending[q].B, pending[q].C, pending[q].D]));
                    pending[q] = Operator.Identity;
                }
            }
        }

        /// <summary>Adds step <paramref name="index"/>'s gate (noise folded in) to <paramref name="gates"/>, or leaves
        /// operators drawn after a permutation in <paramref name="pending"/> (by qubit) for the next gate on their qubit;
        /// with no <paramref name="rng"/>, the branch every channel takes when it draws nothing. False where a draw needs
        /// the state and there is no <paramref name="evaluate"/>; <paramref name="evaluated"/> says whether it read the state.</summary>
        /// <param name="permutations">Per step, whether its gate is a permutation (<see cref="Permutations"/>).</param>
        /// <param name="after">Room for the operators drawn after one gate (<see cref="MaxOperands"/> of them), reused.</param>
        public static bool DrawStep(
            IReadOnlyList<Step> steps, bool[] permutations, int index, List<GateShape> gates, Operator[] pending, Operator[] after,
            StringBuilder? key, Xoshiro256StarStar? rng, Func<int, List<GateShape>, (double Zero, double One)>? evaluate, out bool evaluated)
        {
            evaluated = false;
            switch (steps[index])
            {
                case GateStep gate:
                    DrawNoisy(gate, [], permutations[index], index, gates, pending, after, key, rng, evaluate, out _);
                    return true;
                case NoisyGateStep noisy:
                    return DrawNoisy(noisy.Gate, noisy.Channels, permutations[index], index, gates, pending, after, key, rng, evaluate, out evaluated);
                case MeasureStep:
                    return true;
                default:
                    throw new ArgumentException($"{steps[index].GetType().Name} needs per-shot trajectories", nameof(steps));
            }
        }

        /// <summary>Without <paramref name="rng"/> every draw is 1: no Pauli, no flip, no possible jump. Each drawn
        /// operator acts on one operand. A dense gate takes those waiting on its operands and those drawn after it into
        /// its matrix; after a permutation (cx, x, an identity) they wait for the next gate on their qubit, which keeps the
        /// permutation a free exchange (folded, a cx was a diagonal and a 2×2 on its target, and the no-jump diagonals
        /// alone made most of a pass's operations per-operation sweeps).</summary>
        private static bool DrawNoisy(
            GateStep? noisyGate, NoiseChannel[] channels, bool permutation, int index, List<GateShape> gates, Operator[] pending, Operator[] room,
            StringBuilder? key, Xoshiro256StarStar? rng, Func<int, List<GateShape>, (double Zero, double One)>? evaluate, out bool evaluated)
        {
            evaluated = false;
            var operands = noisyGate?.Qubits ?? OperandsOf(channels);
            Complex[]? dense = null;
            if (noisyGate is { } gate && !permutation)
            {
                dense = gate.Matrix.ToArray();
                for (var j = 0; j < operands.Length; j++)
                {
                    if (!pending[operands[j]].IsIdentity)
                    {
                        RightMultiply(dense, operands.Length, j, pending[operands[j]]);
                        pending[operands[j]] = Operator.Identity;
                    }
                }
            }
            else if (noisyGate is { } exchange)
            {
                Flush(gates, pending, operands);
                gates.Add(new GateShape(operands, exchange.Matrix));
            }

            var after = room.AsSpan(0, operands.Length);
            after.Fill(Operator.Identity);
            for (var c = 0; c < channels.Length; c++)
            {
                switch (channels[c])
                {
                    case DepolarizingChannel depolarizing:
                        if (rng is not null && rng.NextDouble() < depolarizing.PauliProbability)
                        {
                            var strings = (1UL << (2 * depolarizing.Qubits.Length)) - 1;
                            var pauli = 1 + (int)(rng.NextUInt64() % strings);
                            for (var j = 0; j < depolarizing.Qubits.Length; j++)
                            {
                                var operand = Array.IndexOf(operands, depolarizing.Qubits[j]);
                                after[operand] = Pauli((pauli >> (2 * j)) & 3) * after[operand];
                            }

                            key!.Append(index).Append('d').Append(pauli).Append(';');
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

                                // P(1) is read from the state with everything drawn so far applied.
                                Settle(gates, pending, operands, ref dense, after);
                                Flush(gates, pending);
                                var (zero, one) = evaluate(relaxation.Qubit, gates);
                                gates.Clear();
                                var norm = zero + one;
                                if (u < relaxation.Gamma * one / norm)
                                {
                                    // Jump: |1⟩ decays to |0⟩; scaled back to norm 1.
                                    after[j1] = new Operator(0, 1 / Math.Sqrt(one), 0, 0);
                                }
                                else
                                {
                                    var scale = 1 / Math.Sqrt(zero + ((1 - relaxation.Gamma) * one));
                                    after[j1] = new Operator(scale, 0, 0, Math.Sqrt(1 - relaxation.Gamma) * scale);
                                }
                            }
                            else
                            {
                                after[j1] = new Operator(1, 0, 0, Math.Sqrt(1 - relaxation.Gamma)) * after[j1];
                            }
                        }

                        if (relaxation.PhaseFlip > 0 && rng is not null && rng.NextDouble() < relaxation.PhaseFlip)
                        {
                            after[j1] = new Operator(1, 0, 0, -1) * after[j1];
                            key!.Append(index).Append('z').Append(c).Append(';');
                        }

                        break;
                    default:
                        throw new ArgumentException($"unknown channel {channels[c].GetType().Name}", nameof(channels));
                }
            }

            Settle(gates, pending, operands, ref dense, after);
            return true;
        }

        /// <summary>Multiplies the operators drawn so far (<paramref name="after"/>, by operand) into the dense gate and
        /// adds it, or leaves them waiting on their qubits; either way <paramref name="after"/> is then all identities.</summary>
        private static void Settle(List<GateShape> gates, Operator[] pending, int[] operands, ref Complex[]? dense, Span<Operator> after)
        {
            for (var j = 0; j < after.Length; j++)
            {
                if (after[j].IsIdentity)
                {
                    continue;
                }

                if (dense is not null)
                {
                    LeftMultiply(dense, operands.Length, j, after[j]);
                }
                else
                {
                    pending[operands[j]] = after[j] * pending[operands[j]];
                }

                after[j] = Operator.Identity;
            }

            if (dense is not null)
            {
                gates.Add(new GateShape(operands, dense));
                dense = null;
            }
        }

        /// <summary>Whether every row and column holds exactly one entry, a 1 (cx, x, swap, ccx).</summary>
        private static bool IsPermutation(Complex[] matrix)
        {
            var dim = (int)Math.Sqrt(matrix.Length);
            for (var r = 0; r < dim; r++)
            {
                var ones = 0;
                for (var c = 0; c < dim; c++)
                {
                    var x = matrix[(r * dim) + c];
                    if (x == Complex.One)
                    {
                        ones++;
                    }
                    else if (x != Complex.Zero)
                    {
                        return false;
                    }
                }

                if (ones != 1)
                {
                    return false;
                }
            }

            // Rows with one 1 each make a permutation only if no column repeats: the columns' sums are then all 1.
            for (var c = 0; c < dim; c++)
            {
                var ones = 0;
                for (var r = 0; r < dim; r++)
                {
                    ones += matrix[(r * dim) + c] == Complex.One ? 1 : 0;
                }

                if (ones != 1)
                {
                    return false;
                }
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

        /// <summary>A one-qubit operator [[A, B], [C, D]] drawn after a gate.</summary>
        public readonly record struct Operator(Complex A, Complex B, Complex C, Complex D)
        {
            public static Operator Identity => new(1, 0, 0, 1);

            public bool IsIdentity => A == Complex.One && B == Complex.Zero && C == Complex.Zero && D == Complex.One;

            public static Operator operator *(Operator x, Operator y) =>
                new((x.A * y.A) + (x.B * y.C), (x.A * y.B) + (x.B * y.D), (x.C * y.A) + (x.D * y.C), (x.C * y.B) + (x.D * y.D));
        }

        private static Operator Pauli(int pauli) => pauli switch
        {
            1 => new Operator(0, 1, 1, 0),
            2 => new Operator(0, -Complex.ImaginaryOne, Complex.ImaginaryOne, 0),
            3 => new Operator(1, 0, 0, -1),
            _ => Operator.Identity,
        };

        /// <summary>matrix ← matrix · (<paramref name="op"/> on operand bit <paramref name="bit"/>).</summary>
        private static void RightMultiply(Complex[] matrix, int operands, int bit, Operator op)
        {
            var dim = 1 << operands;
            var mask = 1 << bit;
            for (var row = 0; row < dim; row++)
            {
                for (var c0 = 0; c0 < dim; c0++)
                {
                    if ((c0 & mask) != 0)
                    {
                        continue;
                    }

                    var c1 = c0 | mask;
                    var x0 = matrix[(row * dim) + c0];
                    var x1 = matrix[(row * dim) + c1];
                    matrix[(row * dim) + c0] = (x0 * op.A) + (x1 * op.C);
                    matrix[(row * dim) + c1] = (x0 * op.B) + (x1 * op.D);
                }
            }
        }

        /// <summary>matrix ← (<paramref name="op"/> on operand bit <paramref name="bit"/>) · matrix.</summary>
        private static void LeftMultiply(Complex[] matrix, int operands, int bit, Operator op)
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
                    matrix[(r0 * dim) + col] = (op.A * x0) + (op.B * x1);
                    matrix[(r1 * dim) + col] = (op.C * x0) + (op.D * x1);
                }
            }
        }
    }
}
