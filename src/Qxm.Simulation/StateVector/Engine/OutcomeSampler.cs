using System.Numerics;
using System.Runtime.CompilerServices;
using Qxm.Simulation.Sampling;

namespace Qxm.Simulation.StateVector.Engine;

/// <summary>Draws a few outcomes of the measured qubits from a state in the order a table of all 2^m outcome weights
/// would (outcome index ascending, bit j the j-th measured qubit), without that table. One read of the state sums its
/// weights into bins of the top <see cref="TopBits"/> outcome bits (a table that stays in the first-level cache); a
/// draw picks its bin from their running sums, then sums only the amplitudes of that bin into the rest of the outcome.
/// A trajectory samples one or a few shots, where a 2^20-entry table (8 MiB written all over, then summed again) cost
/// more than half a pass.</summary>
internal sealed unsafe class OutcomeSampler<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Outcome bits the first read bins on: 1024 doubles.</summary>
    public const int TopBits = 10;

    private readonly NativeState<T> _state;
    private readonly double[] _cumulative;
    private readonly int _lowBits;
    private readonly int[] _topPhysical;
    private readonly int[] _freePhysical;
    private readonly BitPermutation _toLow;

    /// <param name="finalPhysical">The state's layout: logical qubit i is at physical position finalPhysical[i].</param>
    public OutcomeSampler(NativeState<T> state, int[] finalPhysical, IReadOnlyList<int> measured)
    {
        _state = state;
        var m = measured.Count;
        var top = Math.Min(m, TopBits);
        _lowBits = m - top;
        _topPhysical = [.. Enumerable.Range(_lowBits, top).Select(j => finalPhysical[measured[j]])];
        _freePhysical = [.. Enumerable.Range(0, state.Qubits).Where(p => !_topPhysical.Contains(p))];
        var toLow = new int[state.Qubits];
        Array.Fill(toLow, -1);
        for (var j = 0; j < _lowBits; j++)
        {
            toLow[finalPhysical[measured[j]]] = j;
        }

        _toLow = new BitPermutation(toLow);
        var toBin = new int[state.Qubits];
        Array.Fill(toBin, -1);
        for (var j = 0; j < top; j++)
        {
            toBin[_topPhysical[j]] = j;
        }

        _cumulative = Bins(new BitPermutation(toBin), 1 << top);
        for (var b = 1; b < _cumulative.Length; b++)
        {
            _cumulative[b] += _cumulative[b - 1];
        }

        Total = _cumulative[^1];
    }

    /// <summary>The state's norm: the sum of all outcome weights.</summary>
    public double Total { get; }

    /// <summary>Whether drawing <paramref name="shots"/> this way reads less than a table of every outcome would:
    /// each draw sums the amplitudes of one bin.</summary>
    public static bool Pays(int qubits, int measured, int shots) =>
        measured <= TopBits || ((long)shots << (qubits - TopBits)) <= (1L << qubits) >> 3;

    /// <summary>One outcome for one uniform draw of <paramref name="rng"/>: the first outcome whose running weight
    /// exceeds the draw times <see cref="Total"/>.</summary>
    public int Sample(Xoshiro256StarStar rng)
    {
        var target = rng.NextDouble() * Total;
        if (target >= Total)
        {
            target = Math.BitDecrement(Total);
        }

        var bin = FirstAbove(_cumulative, target);
        if (_lowBits == 0)
        {
            return bin;
        }

        var rest = target - (bin == 0 ? 0 : _cumulative[bin - 1]);
        var low = new double[1 << _lowBits];
        var basePhysical = Bits.Deposit(bin, _topPhysical);
        var re = _state.Real;
        var im = _state.Imaginary;
        for (long v = 0; v < 1L << _freePhysical.Length; v++)
        {
            var i = basePhysical | Bits.Deposit(v, _freePhysical);
            var r = double.CreateTruncating(re[i]);
            var m = double.CreateTruncating(im[i]);
            low[_toLow.Map(i)] += (r * r) + (m * m);
        }

        // The bin's own sum may round differently from its share of the running sums: the last positive weight then.
        var sum = 0.0;
        var last = 0;
        for (var j = 0; j < low.Length; j++)
        {
            if (low[j] > 0)
            {
                last = j;
                sum += low[j];
                if (sum > rest)
                {
                    return (bin << _lowBits) | j;
                }
            }
        }

        return (bin << _lowBits) | last;
    }

    /// <summary>Sums |a|² into bins. Amplitudes in runs of the lowest physical qubits that are no bin bit share a bin
    /// and are summed first; where a low qubit is a bin bit, the low byte's bins come from a table and the rest from
    /// one mapping per 256 amplitudes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private double[] Bins(BitPermutation toBin, int count)
    {
        var bins = new double[count];
        var run = 0;
        while (run < _state.Qubits && !_topPhysical.Contains(run))
        {
            run++;
        }

        var re = _state.Real;
        var im = _state.Imaginary;
        if (run >= 8 || _state.Qubits < 8)
        {
            var runLength = 1L << run;
            for (long start = 0; start < _state.Length; start += runLength)
            {
                bins[toBin.Map(start)] += SquareSums.Sum(re + start, im + start, runLength);
            }

            return bins;
        }

        var lowBin = new long[256];
        for (var j = 0; j < lowBin.Length; j++)
        {
            lowBin[j] = toBin.Map(j);
        }

        for (long start = 0; start < _state.Length; start += 256)
        {
            var high = toBin.Map(start);
            for (var j = 0; j < 256; j++)
            {
                var r = double.CreateTruncating(re[start + j]);
                var m = double.CreateTruncating(im[start + j]);
                bins[high | lowBin[j]] += (r * r) + (m * m);
            }
        }

        return bins;
    }

    private static int FirstAbove(double[] cumulative, double target)
    {
        int lo = 0, hi = cumulative.Length - 1;
        while (lo < hi)
        {
            var mid = (int)((uint)(lo + hi) >> 1);
            if (cumulative[mid] > target)
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }

        return lo;
    }
}
