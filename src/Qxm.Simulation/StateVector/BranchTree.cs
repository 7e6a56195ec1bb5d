using System.Numerics;
using System.Runtime.InteropServices;
using Qxm.Domain.Errors;
using Qxm.Simulation.Sampling;
using Qxm.Simulation.StateVector.Kernels;

namespace Qxm.Simulation.StateVector;

/// <summary>Walks the histories of a group of shots depth first. Gates run once per group; at a measurement or reset
/// each shot of the group draws from its own stream against the group's probability, and the group splits in two,
/// one half continuing on a copy of the state. Shots that reach the end add their register to the counts.</summary>
internal sealed class BranchTree(Dictionary<string, long> counts, CancellationToken cancellationToken)
{
    public void Run(Complex[] state, char[] clbits, Xoshiro256StarStar[] shots, ProgramCounter? at)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (at is null)
            {
                CollectionsMarshal.GetValueRefOrAddDefault(counts, new string(clbits), out _) += shots.Length;
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
                    gate.Kernel.Apply(state);
                    at = next;
                    break;
                case MeasureStep or ResetStep:
                    (state, clbits, shots) = Split(step, state, clbits, shots, next);
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

    /// <summary>Splits the group by outcome; the smaller part runs to the end first, on its own copy, and the larger is
    /// returned to go on in place, so the recursion is at most log2(shots) deep however long a loop on measurements
    /// runs. A group that all reads one outcome does not split.</summary>
    private (Complex[] State, char[] Clbits, Xoshiro256StarStar[] Shots) Split(
        Step step, Complex[] state, char[] clbits, Xoshiro256StarStar[] shots, ProgramCounter next)
    {
        var (qubit, clbit, reset) = step is MeasureStep m ? (m.Qubit, m.Clbit, false) : (((ResetStep)step).Qubit, -1, true);
        var one = Projection.ProbabilityOfOne(state, qubit);
        var ones = new List<Xoshiro256StarStar>();
        var zeros = new List<Xoshiro256StarStar>();
        foreach (var rng in shots)
        {
            (rng.NextDouble() < one ? ones : zeros).Add(rng);
        }

        if (ones.Count > 0 && zeros.Count > 0)
        {
            var aside = ones.Count <= zeros.Count ? 1 : 0;
            var asideState = (Complex[])state.Clone();
            var asideClbits = (char[])clbits.Clone();
            Collapse(asideState, asideClbits, qubit, clbit, aside, one, reset);
            Run(asideState, asideClbits, [.. aside == 1 ? ones : zeros], next);
            Collapse(state, clbits, qubit, clbit, 1 - aside, one, reset);
            return (state, clbits, [.. aside == 1 ? zeros : ones]);
        }

        var outcome = ones.Count > 0 ? 1 : 0;
        Collapse(state, clbits, qubit, clbit, outcome, one, reset);
        return (state, clbits, shots);
    }

    private static void Collapse(Complex[] state, char[] clbits, int qubit, int clbit, int outcome, double one, bool reset)
    {
        Projection.Collapse(state, qubit, outcome, outcome == 1 ? one : 1 - one, moveToZero: reset);
        if (clbit >= 0)
        {
            clbits[clbits.Length - 1 - clbit] = outcome == 1 ? '1' : '0';
        }
    }
}
