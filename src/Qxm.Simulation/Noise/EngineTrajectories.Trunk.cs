using Qxm.Simulation.StateVector;
using Qxm.Simulation.StateVector.Engine;

namespace Qxm.Simulation.Noise;

internal static partial class EngineTrajectories
{
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

        public static Trunk Run(
            CompiledCircuit circuit, bool[] permutations, List<Job> jobs, int workers, SimulationPrecision precision, CancellationToken cancellationToken)
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
            var state = Math.Max(1, MemoryGuard.RequiredBytes(circuit.QubitCount) / (precision == SimulationPrecision.Single ? 2 : 1));
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
                using var trunk = StateVectorEngine.Start(circuit.QubitCount, SimulatorOptions.Default with { Threads = workers, Precision = precision });
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
}
