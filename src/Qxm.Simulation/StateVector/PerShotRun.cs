using System.Numerics;
using System.Runtime.InteropServices;
using Qxm.Domain.Errors;
using Qxm.Simulation.Sampling;
using Qxm.Simulation.StateVector.Kernels;

namespace Qxm.Simulation.StateVector;

/// <summary>Runs circuits with mid-circuit measurement, reset or feed-forward shot by shot in meaning, but simulates each
/// distinct history once: shots that have read the same outcomes so far share one state, and a measurement splits a
/// group of shots by what each one draws. The gates before the first measurement, reset or conditional are applied
/// once for all shots.</summary>
/// <remarks>Shot s draws from its own stream <c>(seed, s)</c>, once per measurement or reset it passes, exactly as if
/// simulated alone; so counts do not depend on batching, grouping or order, and equal the unbatched run's.</remarks>
internal static class PerShotRun
{
    /// <summary>Shots whose streams are held at once; each batch replays the branch tree from the shared prefix.</summary>
    private const int BatchShots = 1 << 16;

    /// <summary>States of at least this many qubits branch on the engine (<see cref="EngineBranchTree"/>); smaller ones
    /// on the reference kernels, where a pass costs less than planning one.</summary>
    internal const int EngineFromQubits = 10;

    public static Dictionary<string, long> Execute(CompiledCircuit circuit, int shots, ulong seed, CancellationToken cancellationToken) =>
        Execute(circuit, shots, seed, batched: true, cancellationToken);

    /// <summary>Whether <see cref="Execute(CompiledCircuit, int, ulong, SimulatorOptions, CancellationToken)"/> takes the engine.</summary>
    internal static bool OnEngine(CompiledCircuit circuit, int engineFromQubits = EngineFromQubits) =>
        circuit.QubitCount >= engineFromQubits
        && Fits(2L + LiveSplits(circuit.Steps), circuit.QubitCount);

    /// <summary>Large enough circuits branch on the engine with <paramref name="options"/>' threads and vectors (in
    /// double precision); the others as <see cref="Execute(CompiledCircuit, int, ulong, CancellationToken)"/>.</summary>
    internal static Dictionary<string, long> Execute(
        CompiledCircuit circuit, int shots, ulong seed, SimulatorOptions options, CancellationToken cancellationToken, int engineFromQubits = EngineFromQubits)
    {
        if (!OnEngine(circuit, engineFromQubits))
        {
            return Execute(circuit, shots, seed, batched: true, cancellationToken);
        }

        var steps = circuit.Steps;
        var prefixLength = 0;
        while (prefixLength < steps.Count && steps[prefixLength] is GateStep)
        {
            prefixLength++;
        }

        // Measurements that end the program are drawn from one marginal per group of shots.
        var tailStart = steps.Count;
        while (tailStart > prefixLength && steps[tailStart - 1] is MeasureStep)
        {
            tailStart--;
        }

        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        var engineOptions = options with { Precision = SimulationPrecision.Double };
        using var prefix = StateVector.Engine.StateVectorEngine.Start(circuit.QubitCount, engineOptions);
        prefix.Apply([.. steps.Take(prefixLength).Cast<GateStep>().Select(g => new StateVector.Engine.GateShape(g.Qubits, g.Matrix))], cancellationToken);
        if (shots == 0)
        {
            return counts;
        }

        var tree = new EngineBranchTree(counts, tailStart == steps.Count ? -1 : tailStart, cancellationToken);
        for (var first = 0; first < shots; first += BatchShots)
        {
            var batch = new Xoshiro256StarStar[Math.Min(BatchShots, shots - first)];
            for (var i = 0; i < batch.Length; i++)
            {
                batch[i] = Xoshiro256StarStar.ForStream(seed, (ulong)(first + i));
            }

            var clbits = new char[circuit.ClbitCount];
            clbits.AsSpan().Fill('0');
            var last = first + BatchShots >= shots;
            using var start = last ? null : prefix.Clone();
            tree.Run(start ?? prefix, [], clbits, batch, new ProgramCounter(steps, prefixLength, null));
        }

        return counts;
    }

    /// <summary><paramref name="batched"/> false simulates every shot separately: the fallback when the states of a
    /// deep branch tree would not fit, and the reference the batched run is tested against.</summary>
    internal static Dictionary<string, long> Execute(CompiledCircuit circuit, int shots, ulong seed, bool batched, CancellationToken cancellationToken)
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

        // A branch holds one state per split along its path, the prefix one more.
        var live = 2L + LiveSplits(steps.Skip(prefixLength));
        if (batched && Fits(live, circuit.QubitCount))
        {
            var tree = new BranchTree(counts, cancellationToken);
            for (var first = 0; first < shots; first += BatchShots)
            {
                var batch = new Xoshiro256StarStar[Math.Min(BatchShots, shots - first)];
                for (var i = 0; i < batch.Length; i++)
                {
                    batch[i] = Xoshiro256StarStar.ForStream(seed, (ulong)(first + i));
                }

                var start = (Complex[])prefix.Clone();
                var clbits = new char[circuit.ClbitCount];
                clbits.AsSpan().Fill('0');
                tree.Run(start, clbits, batch, new ProgramCounter(steps, prefixLength, null));
            }

            return counts;
        }

        var lookup = counts.GetAlternateLookup<ReadOnlySpan<char>>();
        var state = StateVectorSimulator.AllocateZeroState(circuit.QubitCount);
        // The outcome string itself is the classical register: clbit c is character Length - 1 - c.
        var register = new char[circuit.ClbitCount];
        for (var shot = 0; shot < shots; shot++)
        {
            prefix.CopyTo(state, 0);
            register.AsSpan().Fill('0');
            var rng = Xoshiro256StarStar.ForStream(seed, (ulong)shot);
            for (var i = prefixLength; i < steps.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Execute(steps[i], state, register, rng);
            }

            CollectionsMarshal.GetValueRefOrAddDefault(lookup, register, out _)++;
        }

        return counts;
    }

    /// <summary>Whether <paramref name="states"/> states of <paramref name="qubits"/> qubits fit, without overflowing.</summary>
    private static bool Fits(long states, int qubits) => states <= MemoryGuard.UsableBytes() / Math.Max(1, MemoryGuard.RequiredBytes(qubits));

    /// <summary>States a branch may hold beside the one it runs on: one per split along its path, and never more than
    /// log2 of a batch, since a split sets aside the smaller part of its group.</summary>
    private static long LiveSplits(IEnumerable<Step> steps) => Math.Min(SplitDepth(steps), BitOperations.Log2(BatchShots) + 1);

    /// <summary>The most measurements and resets on any path through <paramref name="steps"/> (a loop's body counted once
    /// for each pass its limit allows), at most <see cref="int.MaxValue"/>.</summary>
    private static long SplitDepth(IEnumerable<Step> steps) => Math.Min(int.MaxValue, steps.Sum(step => step switch
    {
        MeasureStep or ResetStep => 1,
        ConditionalStep c => SplitDepth([c.Body]),
        BranchStep b => Math.Max(SplitDepth(b.Then), SplitDepth(b.Else)),
        WhileStep w => Math.Min(int.MaxValue, SplitDepth(w.Body) * w.MaxIterations),
        _ => 0L,
    }));

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
                var taken = branch.Condition.HoldsOn(clbits) ? branch.Then : branch.Else;
                foreach (var inner in taken)
                {
                    Execute(inner, state, clbits, rng);
                }

                break;
            case WhileStep loop:
                loop.Run(clbits, inner => Execute(inner, state, clbits, rng));

                break;
            case AssignStep assign:
                assign.Apply(clbits);
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
