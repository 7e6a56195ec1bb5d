using System.Numerics;
using System.Runtime.InteropServices;
using Qxm.Domain.Errors;
using Qxm.Simulation.Sampling;
using Qxm.Simulation.StateVector.Engine;

namespace Qxm.Simulation.StateVector;

/// <summary><see cref="BranchTree"/> on the engine: gates between measurements collect into a list the planner fuses
/// into passes, a collapse is one more (non-unitary) gate on that list, and the state is run only where a measurement
/// needs a probability. Measurements that end the program (nothing after them but measurements) are drawn for each
/// shot from one marginal of their qubits instead of splitting the group once per qubit.</summary>
/// <remarks>Each shot still draws once per measurement, in program order, against the probability its history gives
/// (for the final measurements, conditioned on the ones drawn before), exactly as the reference path draws; only
/// rounding in the probabilities can tell the two apart.</remarks>
internal sealed class EngineBranchTree(Dictionary<string, long> counts, int tailStart, CancellationToken cancellationToken)
{
    public void Run(ISteppedState state, List<GateShape> pending, char[] clbits, Xoshiro256StarStar[] shots, ProgramCounter? at)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (at is null)
            {
                CollectionsMarshal.GetValueRefOrAddDefault(counts, new string(clbits), out _) += shots.Length;
                return;
            }

            if (at.Parent is null && at.Index == tailStart)
            {
                state.Apply(pending, cancellationToken);
                pending.Clear();
                SampleTail(state, clbits, shots, at.Steps);
                return;
            }

            if (at.Index == at.Steps.Count)
            {
                at = at.Parent;
                continue;
            }

            var step = at.Steps[at.Index];
            var next = at.Next;
            switch (step)
            {
                case GateStep gate:
                    pending.Add(new GateShape(gate.Qubits, gate.Matrix));
                    at = next;
                    break;
                case MeasureStep or ResetStep:
                    (state, pending, shots) = Split(step, state, pending, clbits, shots, next);
                    at = next;
                    break;
                case ConditionalStep conditional:
                    at = PerShotRun.Holds(conditional, clbits) ? new ProgramCounter([conditional.Body], 0, next) : next;
                    break;
                case BranchStep branch:
                    var taken = branch.Condition.HoldsOn(clbits) ? branch.Then : branch.Else;
                    at = new ProgramCounter(taken, 0, next);
                    break;
                case WhileStep loop:
                    at = at.Loop(loop, loop.Condition.HoldsOn(clbits));
                    break;
                case AssignStep assign:
                    assign.Apply(clbits);
                    at = next;
                    break;
                default:
                    throw new QxmException($"unknown step {step.GetType().Name}");
            }
        }
    }

    /// <summary>Splits the group by outcome; the smaller part runs to the end first, on a copy, and the larger goes on in
    /// place, so the recursion is at most log2(shots) deep however long a loop on measurements runs.</summary>
    private (ISteppedState State, List<GateShape> Pending, Xoshiro256StarStar[] Shots) Split(
        Step step, ISteppedState state, List<GateShape> pending, char[] clbits, Xoshiro256StarStar[] shots, ProgramCounter next)
    {
        var (qubit, clbit, reset) = step is MeasureStep m ? (m.Qubit, m.Clbit, false) : (((ResetStep)step).Qubit, -1, true);
        state.Apply(pending, cancellationToken);
        pending.Clear();
        var weights = state.MarginalWeights([qubit]);
        var one = weights[1] / (weights[0] + weights[1]);
        var ones = new List<Xoshiro256StarStar>();
        var zeros = new List<Xoshiro256StarStar>();
        foreach (var rng in shots)
        {
            (rng.NextDouble() < one ? ones : zeros).Add(rng);
        }

        if (ones.Count > 0 && zeros.Count > 0)
        {
            var aside = ones.Count <= zeros.Count ? 1 : 0;
            using (var asideState = state.Clone())
            {
                var asideClbits = (char[])clbits.Clone();
                Run(asideState, [Collapse(asideClbits, qubit, clbit, aside, weights[aside], reset)], asideClbits, [.. aside == 1 ? ones : zeros], next);
            }

            pending.Add(Collapse(clbits, qubit, clbit, 1 - aside, weights[1 - aside], reset));
            return (state, pending, [.. aside == 1 ? zeros : ones]);
        }

        var outcome = ones.Count > 0 ? 1 : 0;
        pending.Add(Collapse(clbits, qubit, clbit, outcome, weights[outcome], reset));
        return (state, pending, shots);
    }

    /// <summary>The projection onto <paramref name="outcome"/> as a gate, scaled back to norm 1 (moved to |0⟩ for a reset).</summary>
    private static GateShape Collapse(char[] clbits, int qubit, int clbit, int outcome, double weight, bool reset)
    {
        if (clbit >= 0)
        {
            clbits[clbits.Length - 1 - clbit] = outcome == 1 ? '1' : '0';
        }

        var scale = new Complex(1 / Math.Sqrt(weight), 0);
        Complex[] matrix = outcome == 0 ? [scale, 0, 0, 0] : reset ? [0, scale, 0, 0] : [0, 0, 0, scale];
        return new GateShape([qubit], matrix);
    }

    /// <summary>Draws the final measurements of every shot: the marginal of their qubits is laid out with the first
    /// measured as the highest bit, so the outcomes agreeing with a shot's draws so far are one contiguous range, and the
    /// probability of the next reading 1 given them is a ratio of two running sums.</summary>
    private void SampleTail(ISteppedState state, char[] clbits, Xoshiro256StarStar[] shots, IReadOnlyList<Step> steps)
    {
        var measures = steps.Skip(tailStart).Cast<MeasureStep>().ToArray();
        int[] order = [.. measures.Select(m => m.Qubit).Distinct()];

        // Bit j of the marginal is qubit order[m - 1 - j]: the first measured is the highest bit.
        var weights = state.MarginalWeights([.. Enumerable.Reverse(order)]);
        var cumulative = new double[weights.Length + 1];
        for (var i = 0; i < weights.Length; i++)
        {
            cumulative[i + 1] = cumulative[i] + weights[i];
        }

        var m = order.Length;
        var lookup = counts.GetAlternateLookup<ReadOnlySpan<char>>();
        var register = new char[clbits.Length];
        var read = new int[m];
        foreach (var rng in shots)
        {
            clbits.CopyTo(register, 0);
            Array.Fill(read, -1);
            int lo = 0, hi = weights.Length;
            foreach (var measure in measures)
            {
                var k = Array.IndexOf(order, measure.Qubit);
                var u = rng.NextDouble();
                int outcome;
                if (read[k] >= 0)
                {
                    // Measured again: the state has collapsed, the draw is made and cannot change the reading.
                    outcome = read[k];
                }
                else
                {
                    var mid = lo + ((hi - lo) >> 1);
                    var total = cumulative[hi] - cumulative[lo];
                    var one = total > 0 ? (cumulative[hi] - cumulative[mid]) / total : 0;
                    outcome = u < one ? 1 : 0;
                    (lo, hi) = outcome == 1 ? (mid, hi) : (lo, mid);
                    read[k] = outcome;
                }

                register[register.Length - 1 - measure.Clbit] = outcome == 1 ? '1' : '0';
            }

            CollectionsMarshal.GetValueRefOrAddDefault(lookup, register, out _)++;
        }
    }
}
