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
        Parallel.For(0, trajectories, new ParallelOptions { MaxDegreeOfParallelism = workers, CancellationToken = cancellationToken }, t =>
        {
            rngs[t] = Xoshiro256StarStar.ForStream(seed, (ulong)t);
            walks[t] = Walk.Draw(steps, circuit.QubitCount, rngs[t], evaluate: null);
        });

        var jobs = new List<Job>();
        var byKey = new Dictionary<string, Job>(StringComparer.Ordinal);
        for (var t = 0; t < trajectories; t++)
        {
            if (walks[t] is not { } walk)
            {
                jobs.Add(new Job(null, [t]));
            }
            else if (byKey.TryGetValue(walk.Key, out var shared))
            {
                shared.Members.Add(t);
            }
            else
            {
                var job = new Job(walk, [t]);
                byKey[walk.Key] = job;
                jobs.Add(job);
            }
        }

        // One state per worker, reused; with fewer distinct trajectories than workers, the engine's own threads share each.
        var engineOptions = SimulatorOptions.Default with { Threads = jobs.Count >= workers ? 1 : workers };
        var byIndex = new Dictionary<int, long>();
        var merge = new Lock();
        Parallel.ForEach(
            jobs,
            new ParallelOptions { MaxDegreeOfParallelism = jobs.Count >= workers ? workers : 1, CancellationToken = cancellationToken },
            () => (State: StateVectorEngine.Start(circuit.QubitCount, engineOptions), Counts: new Dictionary<int, long>()),
            (job, loop, local) =>
            {
                local.State.Reset();
                var gates = job.Shared?.Gates;
                if (gates is null)
                {
                    // Replays the draws from the start of the stream, this time running the gates where the state is needed.
                    var t = job.Members[0];
                    rngs[t] = Xoshiro256StarStar.ForStream(seed, (ulong)t);
                    var state = local.State;
                    gates = Walk.Draw(steps, circuit.QubitCount, rngs[t], (qubit, pending) =>
                    {
                        state.Apply(pending, cancellationToken);
                        var weights = state.MarginalWeights([qubit]);
                        return (weights[0], weights[1]);
                    })!.Gates;
                }

                local.State.Apply(gates, cancellationToken);
                var distribution = new CumulativeDistribution(local.State.MarginalWeights(measurements.MeasuredQubits));
                foreach (var t in job.Members)
                {
                    var rng = rngs[t];
                    var share = (shots / trajectories) + (t < shots % trajectories ? 1 : 0);
                    for (var s = 0; s < share; s++)
                    {
                        CollectionsMarshal.GetValueRefOrAddDefault(local.Counts, readout.Read(distribution.Sample(rng), rng), out _)++;
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
    /// gates), or one whose draws needed the state (Shared null: it is replayed with the engine).</summary>
    private sealed record Job(Walk? Shared, List<int> Members);

    /// <summary>One trajectory's gates with its noise folded in, and a key that is equal exactly when the drawn branches are.</summary>
    private sealed class Walk(List<GateShape> gates, string key)
    {
        public List<GateShape> Gates { get; } = gates;

        public string Key { get; } = key;

        /// <summary>Draws every channel's branch in the reference unravelling's order of draws. Where amplitude damping
        /// needs P(1), <paramref name="evaluate"/> gets the qubit and the gates not yet run (it runs and clears them) and
        /// returns the unnormalised weights of 0 and 1; without it the walk stops there and returns null.</summary>
        public static Walk? Draw(
            IReadOnlyList<Step> steps, int qubits, Xoshiro256StarStar rng, Func<int, List<GateShape>, (double Zero, double One)>? evaluate)
        {
            var gates = new List<GateShape>(steps.Count);
            var key = new StringBuilder();
            for (var index = 0; index < steps.Count; index++)
            {
                switch (steps[index])
                {
                    case GateStep gate:
                        gates.Add(new GateShape(gate.Qubits, gate.Matrix));
                        break;
                    case NoisyGateStep noisy:
                        if (!DrawNoisy(noisy, index, gates, key, rng, evaluate))
                        {
                            return null;
                        }

                        break;
                    case MeasureStep:
                        break;
                    default:
                        throw new ArgumentException($"{steps[index].GetType().Name} needs per-shot trajectories", nameof(steps));
                }
            }

            return new Walk(gates, key.ToString());
        }

        private static bool DrawNoisy(
            NoisyGateStep noisy, int index, List<GateShape> gates, StringBuilder key, Xoshiro256StarStar rng,
            Func<int, List<GateShape>, (double Zero, double One)>? evaluate)
        {
            var operands = noisy.Gate?.Qubits ?? OperandsOf(noisy.Channels);
            var matrix = noisy.Gate?.Matrix.ToArray() ?? Identity(operands.Length);
            var changed = noisy.Gate is not null;
            for (var c = 0; c < noisy.Channels.Length; c++)
            {
                switch (noisy.Channels[c])
                {
                    case DepolarizingChannel depolarizing:
                        if (rng.NextDouble() < depolarizing.PauliProbability)
                        {
                            var strings = (1UL << (2 * depolarizing.Qubits.Length)) - 1;
                            var pauli = 1 + (int)(rng.NextUInt64() % strings);
                            for (var j = 0; j < depolarizing.Qubits.Length; j++)
                            {
                                var (a, b, cc, d) = Pauli((pauli >> (2 * j)) & 3);
                                LeftMultiply(matrix, operands.Length, Array.IndexOf(operands, depolarizing.Qubits[j]), a, b, cc, d);
                            }

                            key.Append(index).Append('d').Append(pauli).Append(';');
                            changed = true;
                        }

                        break;
                    case RelaxationChannel relaxation:
                        var j1 = Array.IndexOf(operands, relaxation.Qubit);
                        if (relaxation.Gamma > 0)
                        {
                            var u = rng.NextDouble();
                            if (u < relaxation.Gamma)
                            {
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

                        if (relaxation.PhaseFlip > 0 && rng.NextDouble() < relaxation.PhaseFlip)
                        {
                            LeftMultiply(matrix, operands.Length, j1, 1, 0, 0, -1);
                            key.Append(index).Append('z').Append(c).Append(';');
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
