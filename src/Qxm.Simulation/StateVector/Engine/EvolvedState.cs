using System.Numerics;
using System.Runtime.CompilerServices;

namespace Qxm.Simulation.StateVector.Engine;

/// <param name="ownsState">Whether disposing this disposes the state (false for a view of a state evolved in steps).</param>
internal sealed unsafe class EvolvedState<T>(NativeState<T> state, PassPlan plan, bool ownsState = true) : IEvolvedState
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Index bits a piece of <see cref="PermutedWeights"/> varies on each side: 64 amplitudes read, 64
    /// outcomes written, in runs.</summary>
    private const int PieceBits = 6;

    public PassPlan Plan => plan;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public Complex[] ToArray()
    {
        var logicalToPhysical = new BitPermutation(plan.FinalPhysical);
        var amplitudes = new Complex[state.Length];
        for (long i = 0; i < state.Length; i++)
        {
            var p = logicalToPhysical.Map(i);
            amplitudes[i] = new Complex(double.CreateTruncating(state.Real[p]), double.CreateTruncating(state.Imaginary[p]));
        }

        return amplitudes;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double[] MarginalWeights(IReadOnlyList<int> measuredQubits)
    {
        if (measuredQubits.Count == 1)
        {
            return OneQubitWeights(plan.FinalPhysical[measuredQubits[0]]);
        }

        var destination = new int[state.Qubits];
        Array.Fill(destination, -1);
        for (var j = 0; j < measuredQubits.Count; j++)
        {
            destination[plan.FinalPhysical[measuredQubits[j]]] = j;
        }

        var physicalToOutcome = new BitPermutation(destination);
        var weights = new double[1L << measuredQubits.Count];
        var re = state.Real;
        var im = state.Imaginary;
        if (physicalToOutcome.IsIdentity)
        {
            for (long i = 0; i < state.Length; i++)
            {
                var r = double.CreateTruncating(re[i]);
                var m = double.CreateTruncating(im[i]);
                weights[i] += (r * r) + (m * m);
            }
        }
        else
        {
            PermutedWeights(destination, physicalToOutcome, weights);
        }

        return weights;
    }

    /// <summary>The weights of 0 and 1 of the qubit at <paramref name="physical"/>, summed over runs of 2^physical
    /// amplitudes that share its value (a trajectory's amplitude damping asks for them; the general path's scattered
    /// additions into two entries made one long chain of dependent stores).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private double[] OneQubitWeights(int physical)
    {
        var run = 1L << physical;
        var re = state.Real;
        var im = state.Imaginary;
        double zero = 0, one = 0;
        for (long start = 0; start < state.Length; start += 2 * run)
        {
            zero += SquareSums.Sum(re + start, im + start, run);
            one += SquareSums.Sum(re + start + run, im + start + run, run);
        }

        return [zero, one];
    }

    /// <summary>Adds each amplitude's probability into its outcome when the layout is permuted (a relabelled plan, swap
    /// gates, a subset measured). Done one amplitude at a time in physical order, the outcome writes land all over a
    /// large array and each waits on memory (a third of a 24-qubit run's time). Here the work is cut into small
    /// pieces: within one piece the physical index varies in its lowest <see cref="PieceBits"/> bits (contiguous reads)
    /// and in the bits that land in the outcome's lowest <see cref="PieceBits"/> (contiguous writes), so both sides use
    /// whole cache lines and one piece's outcomes stay in the first-level cache.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void PermutedWeights(int[] destination, BitPermutation physicalToOutcome, double[] weights)
    {
        var qubits = state.Qubits;
        var lowBits = Math.Min(PieceBits, qubits);
        int[] toLow = [.. Enumerable.Range(lowBits, qubits - lowBits).Where(p => destination[p] is >= 0 and < PieceBits)];
        int[] rest = [.. Enumerable.Range(lowBits, qubits - lowBits).Where(p => !toLow.Contains(p))];
        var lowOutcome = new long[1 << lowBits];
        for (var j = 0; j < lowOutcome.Length; j++)
        {
            lowOutcome[j] = physicalToOutcome.Map(j);
        }

        var toLowPhysical = new long[1 << toLow.Length];
        var toLowOutcome = new long[toLowPhysical.Length];
        for (var u = 0; u < toLowPhysical.Length; u++)
        {
            toLowPhysical[u] = Bits.Deposit(u, toLow);
            toLowOutcome[u] = physicalToOutcome.Map(toLowPhysical[u]);
        }

        var re = state.Real;
        var im = state.Imaginary;
        for (long v = 0; v < 1L << rest.Length; v++)
        {
            var basePhysical = Bits.Deposit(v, rest);
            var baseOutcome = physicalToOutcome.Map(basePhysical);
            for (var u = 0; u < toLowPhysical.Length; u++)
            {
                var start = basePhysical | toLowPhysical[u];
                var outcome = baseOutcome | toLowOutcome[u];
                for (var j = 0; j < lowOutcome.Length; j++)
                {
                    var r = double.CreateTruncating(re[start + j]);
                    var m = double.CreateTruncating(im[start + j]);
                    weights[outcome | lowOutcome[j]] += (r * r) + (m * m);
                }
            }
        }
    }

    public Dictionary<long, long> CountSortedDraws(double[] targets, int threads) => SortedDraws.Count(state, plan.FinalPhysical, targets, threads);

    public void Dispose()
    {
        if (ownsState)
        {
            state.Dispose();
        }
    }
}
