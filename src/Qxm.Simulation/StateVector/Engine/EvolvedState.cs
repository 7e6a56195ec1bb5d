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

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public Dictionary<long, long> CountSortedDraws(double[] targets, int threads)
    {
        // Contiguous physical chunks: their sums give each chunk's share of the draws, then each chunk is swept again
        // with the same additions in the same order, so a chunk's running sum ends exactly at its sum.
        var chunks = (int)Math.Min(state.Length, 16L * threads);
        var size = (state.Length + chunks - 1) / chunks;
        var sums = new double[chunks];
        var options = new ParallelOptions { MaxDegreeOfParallelism = threads };
        Parallel.For(0, chunks, options, c => sums[c] = Sweep(c * size, Math.Min(state.Length, (c + 1) * size), null, 0, 0, null, null));
        var starts = new double[chunks + 1];
        for (var c = 0; c < chunks; c++)
        {
            starts[c + 1] = starts[c] + sums[c];
        }

        var total = starts[chunks];
        var physicalToLogical = new int[state.Qubits];
        for (var q = 0; q < state.Qubits; q++)
        {
            physicalToLogical[plan.FinalPhysical[q]] = q;
        }

        var toLogical = new BitPermutation(physicalToLogical);
        var counts = new Dictionary<long, long>();
        var merge = new Lock();
        Parallel.For(0, chunks, options, c =>
        {
            var first = LowerBound(targets, starts[c] / total);
            var end = c == chunks - 1 ? targets.Length : LowerBound(targets, starts[c + 1] / total);
            if (first >= end)
            {
                return;
            }

            var local = new Dictionary<long, long>();
            Sweep(c * size, Math.Min(state.Length, (c + 1) * size), targets, first, end, local, toLogical, starts[c], total);
            lock (merge)
            {
                foreach (var (index, n) in local)
                {
                    counts[index] = counts.GetValueOrDefault(index) + n;
                }
            }
        });
        return counts;
    }

    /// <summary>Sums |a|² over [from, to); with <paramref name="targets"/>, also assigns draws first..end-1 (offset by
    /// <paramref name="start"/> in a total of <paramref name="total"/>) to the index where the running sum passes them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private double Sweep(
        long from, long to, double[]? targets, int first, int end, Dictionary<long, long>? counts, BitPermutation? toLogical, double start = 0, double total = 1)
    {
        var re = state.Real;
        var im = state.Imaginary;
        var sum = 0.0;
        var next = first;
        var target = targets is null || first >= end ? double.PositiveInfinity : (targets[next] * total) - start;
        var lastNonZero = from;
        for (var i = from; i < to; i++)
        {
            var r = double.CreateTruncating(re[i]);
            var m = double.CreateTruncating(im[i]);
            var p = (r * r) + (m * m);
            sum += p;
            if (p > 0)
            {
                lastNonZero = i;
            }

            while (p > 0 && sum > target)
            {
                var logical = toLogical!.Map(i);
                counts![logical] = counts.GetValueOrDefault(logical) + 1;
                next++;
                target = next < end ? (targets![next] * total) - start : double.PositiveInfinity;
            }
        }

        // Rounding can leave the last draws of a chunk at its very end: they go to its last possible index.
        for (; next < end; next++)
        {
            var logical = toLogical!.Map(lastNonZero);
            counts![logical] = counts.GetValueOrDefault(logical) + 1;
        }

        return sum;
    }

    private static int LowerBound(double[] sorted, double value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (int)((uint)(lo + hi) >> 1);
            if (sorted[mid] < value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    public void Dispose()
    {
        if (ownsState)
        {
            state.Dispose();
        }
    }
}
