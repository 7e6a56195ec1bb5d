using System.Numerics;
using Qxm.Domain.Errors;
using Qxm.Simulation.Noise;
using Qxm.Simulation.StateVector;
using Qxm.Simulation.StateVector.Kernels;

namespace Qxm.Simulation.DensityMatrix;

/// <summary>Runs compiled steps on density matrices. A circuit whose measurements all come last evolves one state; one
/// with mid-circuit measurement or feed-forward evolves an ensemble keyed by the classical register, where a
/// measurement splits each member by outcome (and by misread) and members with equal registers are merged, which is
/// exact and stays small for the circuits this simulator is for.</summary>
internal sealed class DensityEvolution(int qubits, NoiseModel? noise, int threads, CancellationToken cancellationToken)
{
    // Below this many groups the fork-join costs more than the work.
    private const int ParallelGroups = 1 << 14;

    /// <summary>Probability below which the members still inside a loop on measured bits are dropped.</summary>
    private const double NegligibleTrace = 1e-13;

    private readonly Dictionary<GateStep, (GateKernel? Rows, GateKernel? Columns)> _kernels = new(ReferenceEqualityComparer.Instance);

    public void Run(IEnumerable<Step> steps, DensityState state)
    {
        foreach (var step in steps)
        {
            cancellationToken.ThrowIfCancellationRequested();
            switch (step)
            {
                case GateStep gate:
                    Apply(gate, state);
                    break;
                case NoisyGateStep noisy:
                    Apply(noisy, state);
                    break;
                case MeasureStep:
                    break;
                default:
                    throw new QxmException($"{step.GetType().Name} needs an ensemble run");
            }
        }
    }

    /// <summary>Runs <paramref name="steps"/> on every member; keys are outcome strings, clbit 0 rightmost.</summary>
    public Dictionary<string, DensityState> Run(IEnumerable<Step> steps, Dictionary<string, DensityState> ensemble)
    {
        foreach (var step in steps)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ensemble = Execute(step, ensemble);
        }

        return ensemble;
    }

    private Dictionary<string, DensityState> Execute(Step step, Dictionary<string, DensityState> ensemble)
    {
        switch (step)
        {
            case GateStep gate:
                foreach (var state in ensemble.Values)
                {
                    Apply(gate, state);
                }

                return ensemble;
            case NoisyGateStep noisy:
                foreach (var state in ensemble.Values)
                {
                    Apply(noisy, state);
                }

                return ensemble;
            case ResetStep reset:
                foreach (var state in ensemble.Values)
                {
                    state.Reset(reset.Qubit);
                }

                return ensemble;
            case MeasureStep measure:
                return Measure(measure, ensemble);
            case ConditionalStep conditional:
                return Split(ensemble, key => PerShotRun.Holds(conditional, key), [conditional.Body], []);
            case BranchStep branch:
                return Split(ensemble, key => branch.Condition.HoldsOn(key), branch.Then, branch.Else);
            case AssignStep assign:
                var written = new Dictionary<string, DensityState>(StringComparer.Ordinal);
                foreach (var (key, state) in ensemble)
                {
                    var register = key.ToCharArray();
                    assign.Apply(register);
                    Merge(written, new string(register), state, 1);
                }

                return written;
            case WhileStep loop:
                return Loop(loop, ensemble);
            default:
                throw new QxmException($"the density-matrix simulator cannot run {step.GetType().Name}");
        }
    }

    /// <summary>Members whose register holds the condition run the body, again and again; the others leave the loop.
    /// Repeated projections shrink a member's trace but never to exactly zero, so members left in the loop with no more
    /// than <see cref="NegligibleTrace"/> of probability between them are dropped, where every shot would have left.</summary>
    private Dictionary<string, DensityState> Loop(WhileStep loop, Dictionary<string, DensityState> ensemble)
    {
        var finished = new Dictionary<string, DensityState>(StringComparer.Ordinal);
        for (var pass = 0; ; pass++)
        {
            var looping = new Dictionary<string, DensityState>(StringComparer.Ordinal);
            foreach (var (key, state) in ensemble)
            {
                if (loop.Condition.HoldsOn(key))
                {
                    looping[key] = state;
                }
                else
                {
                    Merge(finished, key, state, 1);
                }
            }

            if (looping.Values.Sum(s => s.Trace()) <= NegligibleTrace)
            {
                return finished;
            }

            loop.CheckPass(pass);
            ensemble = Run(loop.Body, looping);
        }
    }

    private Dictionary<string, DensityState> Split(
        Dictionary<string, DensityState> ensemble, Func<string, bool> holds, IEnumerable<Step> then, IEnumerable<Step> otherwise)
    {
        var taken = ensemble.Where(m => holds(m.Key)).ToDictionary(StringComparer.Ordinal);
        var rest = ensemble.Where(m => !holds(m.Key)).ToDictionary(StringComparer.Ordinal);
        var merged = Run(then, taken);
        foreach (var (key, state) in Run(otherwise, rest))
        {
            Merge(merged, key, state, 1);
        }

        return merged;
    }

    private Dictionary<string, DensityState> Measure(MeasureStep measure, Dictionary<string, DensityState> ensemble)
    {
        var (readOneGivenZero, readZeroGivenOne) = noise is null
            ? (0.0, 0.0)
            : (noise.Qubit(measure.Qubit).ReadOneGivenZero, noise.Qubit(measure.Qubit).ReadZeroGivenOne);
        var split = new Dictionary<string, DensityState>(StringComparer.Ordinal);
        foreach (var (key, state) in ensemble)
        {
            RequireRoom(split.Count + 2);
            var zero = state.Project(measure.Qubit, 0);
            var one = state.Project(measure.Qubit, 1);
            var position = key.Length - 1 - measure.Clbit;
            var readZero = string.Create(key.Length, (key, position), static (c, s) => { s.key.CopyTo(c); c[s.position] = '0'; });
            var readOne = string.Create(key.Length, (key, position), static (c, s) => { s.key.CopyTo(c); c[s.position] = '1'; });

            // Each true outcome is read right or wrong; what is read is all later steps can see.
            Merge(split, readZero, zero, 1 - readOneGivenZero);
            Merge(split, readOne, zero, readOneGivenZero);
            Merge(split, readOne, one, 1 - readZeroGivenOne);
            Merge(split, readZero, one, readZeroGivenOne);
        }

        return split;
    }

    private void Merge(Dictionary<string, DensityState> ensemble, string key, DensityState state, double weight)
    {
        if (weight == 0)
        {
            return;
        }

        if (ensemble.TryGetValue(key, out var existing))
        {
            existing.Add(state, weight);
        }
        else
        {
            var member = new DensityState(qubits);
            member.Add(state, weight);
            ensemble[key] = member;
        }
    }

    private void RequireRoom(int members)
    {
        var bytes = (double)members * 16 * Math.Pow(4, qubits);
        if (bytes > MemoryGuard.UsableBytes())
        {
            throw new QxmException(
                $"the density-matrix run needs {members} classical branches of {MemoryGuard.FormatBytes(16 * Math.Pow(4, qubits))} each " +
                $"({MemoryGuard.FormatBytes(bytes)}) but only {MemoryGuard.FormatBytes(MemoryGuard.UsableBytes())} is available");
        }
    }

    private void Apply(NoisyGateStep noisy, DensityState state)
    {
        if (noisy.Gate is { } gate)
        {
            Apply(gate, state);
        }

        foreach (var channel in noisy.Channels)
        {
            ForRanges(state.GroupCount(channel), (first, count) => state.Apply(channel, first, count));
        }
    }

    private void Apply(GateStep gate, DensityState state)
    {
        if (!_kernels.TryGetValue(gate, out var kernels))
        {
            var conjugate = Array.ConvertAll(gate.Matrix, Complex.Conjugate);
            var columns = gate.Qubits.Select(q => q + qubits).ToArray();
            kernels = (KernelFactory.Create(gate.Matrix, gate.Qubits, 2 * qubits), KernelFactory.Create(conjugate, columns, 2 * qubits));
            _kernels[gate] = kernels;
        }

        foreach (var kernel in (ReadOnlySpan<GateKernel?>)[kernels.Rows, kernels.Columns])
        {
            if (kernel is not null)
            {
                ForRanges(kernel.GroupCount, (first, count) => kernel.Apply(state.Data, first, count));
            }
        }
    }

    private void ForRanges(int groups, Action<int, int> work)
    {
        if (threads == 1 || groups < ParallelGroups)
        {
            work(0, groups);
            return;
        }

        var chunk = (groups + threads - 1) / threads;
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
        {
            var first = t * chunk;
            work(first, Math.Min(chunk, groups - first));
        });
    }
}
