using System.Numerics;
using System.Runtime.InteropServices;
using Qxm.Domain.Errors;
using Qxm.Simulation.Sampling;
using Qxm.Simulation.StateVector.Kernels;

namespace Qxm.Simulation.StateVector;

/// <summary>Simulates each shot on its own copy of the state: measurements collapse it, resets reinitialise
/// a qubit, conditionals read that shot's clbits. The gates before the first measurement, reset or conditional
/// are applied once and the resulting state is copied into each shot.</summary>
/// <remarks>Shot s draws from its own stream <c>(seed, s)</c>, so results do not depend on the order shots run in.</remarks>
internal static class PerShotRun
{
    public static Dictionary<string, long> Execute(CompiledCircuit circuit, int shots, ulong seed, CancellationToken cancellationToken)
    {
        var steps = circuit.Steps;
        var prefixLength = 0;
        while (prefixLength < steps.Count && steps[prefixLength] is GateStep)
        {
            prefixLength++;
        }

        var prefix = StateVectorSimulator.AllocateZeroState(circuit.QubitCount);
        for (var i = 0; i < prefixLength; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ((GateStep)steps[i]).Kernel.Apply(prefix);
        }

        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        if (shots == 0)
        {
            return counts;
        }

        var lookup = counts.GetAlternateLookup<ReadOnlySpan<char>>();
        var state = StateVectorSimulator.AllocateZeroState(circuit.QubitCount);
        // The outcome string itself is the classical register: clbit c is character Length - 1 - c.
        var clbits = new char[circuit.ClbitCount];
        for (var shot = 0; shot < shots; shot++)
        {
            prefix.CopyTo(state, 0);
            clbits.AsSpan().Fill('0');
            var rng = Xoshiro256StarStar.ForStream(seed, (ulong)shot);
            for (var i = prefixLength; i < steps.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Execute(steps[i], state, clbits, rng);
            }

            CollectionsMarshal.GetValueRefOrAddDefault(lookup, clbits, out _)++;
        }

        return counts;
    }

    private static void Execute(Step step, Complex[] state, char[] clbits, Xoshiro256StarStar rng)
    {
        switch (step)
        {
            case GateStep gate:
                gate.Kernel.Apply(state);
                break;
            case MeasureStep measure:
                clbits[clbits.Length - 1 - measure.Clbit] = Measure(state, measure.Qubit, rng, reset: false) == 1 ? '1' : '0';
                break;
            case ResetStep reset:
                Measure(state, reset.Qubit, rng, reset: true);
                break;
            case ConditionalStep conditional when Holds(conditional, clbits):
                Execute(conditional.Body, state, clbits, rng);
                break;
            case ConditionalStep:
                break;
            case BranchStep branch:
                var taken = branch.Condition.Evaluate(c => clbits[clbits.Length - 1 - c] == '1') ? branch.Then : branch.Else;
                foreach (var inner in taken)
                {
                    Execute(inner, state, clbits, rng);
                }

                break;
            default:
                throw new QxmException($"unknown step {step.GetType().Name}");
        }
    }

    private static int Measure(Complex[] state, int qubit, Xoshiro256StarStar rng, bool reset)
    {
        var one = Projection.ProbabilityOfOne(state, qubit);
        var outcome = rng.NextDouble() < one ? 1 : 0;
        Projection.Collapse(state, qubit, outcome, outcome == 1 ? one : 1 - one, moveToZero: reset);
        return outcome;
    }

    /// <summary>Whether the clbits (the outcome string, clbit 0 rightmost) satisfy <paramref name="condition"/>.</summary>
    internal static bool Holds(ConditionalStep condition, ReadOnlySpan<char> clbits)
    {
        var value = (ulong)condition.Value;
        for (var j = 0; j < condition.Width; j++)
        {
            var expected = j < 64 && ((value >> j) & 1) == 1;
            var actual = clbits[clbits.Length - 1 - (condition.Offset + j)] == '1';
            if (expected != actual)
            {
                return false;
            }
        }

        // A value wider than the register can never match.
        return condition.Width >= 64 || (value >> condition.Width) == 0;
    }
}
