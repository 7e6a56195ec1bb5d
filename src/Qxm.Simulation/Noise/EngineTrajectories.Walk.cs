using System.Numerics;
using System.Text;
using Qxm.Simulation.Sampling;
using Qxm.Simulation.StateVector;
using Qxm.Simulation.StateVector.Engine;

namespace Qxm.Simulation.Noise;

internal static partial class EngineTrajectories
{
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
