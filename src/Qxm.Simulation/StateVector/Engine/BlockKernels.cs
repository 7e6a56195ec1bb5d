using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Qxm.Simulation.StateVector.Engine.Vectors;

namespace Qxm.Simulation.StateVector.Engine;

/// <summary>The operations of a pass applied to one block of 2^bits amplitudes in split layout. Buffer bits below
/// log2(W) are lanes of a register: a target there is handled by swapping lanes, a condition there by a lane mask.
/// Bits above are register indices: conditions there skip whole registers, so controlled gates touch only their
/// subspace. Matrix entries are turned into registers once per call, which is once per block. Hot methods are compiled
/// fully optimised at once: a run enters them only a few hundred times, too few for tiered compilation to promote
/// them before it ends.</summary>
internal static unsafe class BlockKernels<T, TVec, TOps>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TVec : struct
    where TOps : struct, IVectorOps<TVec, T>
{
    private static readonly int LaneBits = BitOperations.Log2((uint)TOps.Count);

    public static void Apply(PassOp op, T* re, T* im, int bits)
    {
        switch (op)
        {
            case SingleQubitOp single when single.Target >= LaneBits:
                ApplyAcrossRegisters(single, re, im, bits);
                break;
            case SingleQubitOp single:
                ApplyWithinRegisters(single, re, im, bits);
                break;
            case PhaseOp phase:
                ApplyPhase(phase, re, im, bits);
                break;
            case MultiQubitOp multi:
                ApplyMulti(multi, re, im, bits);
                break;
            case BitSwapOp swap:
                ApplyBitSwap(swap, re, im, bits);
                break;
            default:
                throw new ArgumentException($"unknown op {op.GetType().Name}", nameof(op));
        }
    }

    /// <summary>Swaps index bits one amplitude at a time: the fallback where no tile kernel does it (scalar engines).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ApplyBitSwap(BitSwapOp op, T* re, T* im, int bits)
    {
        var low = 1L << op.Low;
        var high = 1L << op.High;
        for (long i = 0; i < 1L << bits; i++)
        {
            if ((i & low) != 0 && (i & high) == 0)
            {
                var j = i ^ low ^ high;
                (re[i], re[j]) = (re[j], re[i]);
                (im[i], im[j]) = (im[j], im[i]);
            }
        }
    }

    /// <summary>Multiplies <paramref name="count"/> amplitudes by <paramref name="factor"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Scale(T* re, T* im, long count, Complex factor)
    {
        var w = TOps.Count;
        var fr = TOps.Broadcast(T.CreateTruncating(factor.Real));
        var fi = TOps.Broadcast(T.CreateTruncating(factor.Imaginary));
        var nfi = TOps.Broadcast(T.CreateTruncating(-factor.Imaginary));
        for (long i = 0; i + w <= count; i += w)
        {
            var r = TOps.Load(re + i);
            var m = TOps.Load(im + i);
            TOps.Store(re + i, TOps.MultiplyAdd(m, nfi, TOps.Multiply(r, fr)));
            TOps.Store(im + i, TOps.MultiplyAdd(r, fi, TOps.Multiply(m, fr)));
        }

        for (var i = count / w * w; i < count; i++)
        {
            var r = double.CreateTruncating(re[i]);
            var m = double.CreateTruncating(im[i]);
            re[i] = T.CreateTruncating((r * factor.Real) - (m * factor.Imaginary));
            im[i] = T.CreateTruncating((m * factor.Real) + (r * factor.Imaginary));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ApplyAcrossRegisters(SingleQubitOp op, T* re, T* im, int bits)
    {
        var stride = 1 << (op.Target - LaneBits);
        var (hiMask, hiValue, laneMask) = Split(op.Condition, bits, stride);
        var loop = new PairLoop(re, im, Count(bits, hiMask), hiMask, hiValue, (long)stride * TOps.Count, laneMask != 0 ? LaneMask(op.Condition) : null);
        switch (op.Kind)
        {
            case MatrixKind.Exchange:
                loop.Run(default(ExchangePair));
                break;
            case MatrixKind.Real:
                loop.Run(new RealPair(B(op.M00.Real), B(op.M01.Real), B(op.M10.Real), B(op.M11.Real)));
                break;
            case MatrixKind.ShearReal:
                loop.Run(new ShearRealPair(B(op.M01.Real), B(op.M10.Real)));
                break;
            case MatrixKind.AntiShearReal:
                loop.Run(new AntiShearRealPair(B(op.M00.Real), B(op.M11.Real)));
                break;
            case MatrixKind.ShearImaginary:
                loop.Run(new ShearImaginaryPair(B(op.M01.Imaginary), B(-op.M01.Imaginary), B(op.M10.Imaginary), B(-op.M10.Imaginary)));
                break;
            case MatrixKind.AntiShearImaginary:
                loop.Run(new AntiShearImaginaryPair(B(op.M00.Imaginary), B(-op.M00.Imaginary), B(op.M11.Imaginary), B(-op.M11.Imaginary)));
                break;
            case MatrixKind.RealDiagonalImaginaryOff:
                loop.Run(new RealDiagonalImaginaryOffPair(
                    B(op.M00.Real), B(op.M01.Imaginary), B(-op.M01.Imaginary), B(op.M10.Imaginary), B(-op.M10.Imaginary), B(op.M11.Real)));
                break;
            case MatrixKind.Diagonal:
                loop.Run(new DiagonalPair(
                    B(op.M00.Real), B(op.M00.Imaginary), B(-op.M00.Imaginary), B(op.M11.Real), B(op.M11.Imaginary), B(-op.M11.Imaginary)));
                break;
            default:
                loop.Run(new GeneralPair(op));
                break;
        }
    }

    /// <summary>The pairs of registers a target above the lanes couples (register x and x + stride, every x whose
    /// condition bits hold and whose target bit is 0), each loaded, transformed by a kind's arithmetic and stored; with
    /// a lane condition only the lanes that meet it take the new values.</summary>
    private readonly struct PairLoop(T* re, T* im, int count, int hiMask, int hiValue, long offset, TVec? mask)
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Run<TPair>(TPair pair)
            where TPair : struct, IPair
        {
            var w = TOps.Count;
            var hasMask = mask.HasValue;
            var laneMask = mask.GetValueOrDefault();
            var x = hiValue;
            for (var c = 0; c < count; c++, x = Next(x, hiMask, hiValue))
            {
                var p = (long)x * w;
                var r0 = TOps.Load(re + p);
                var i0 = TOps.Load(im + p);
                var r1 = TOps.Load(re + p + offset);
                var i1 = TOps.Load(im + p + offset);
                var (nr0, ni0, nr1, ni1) = pair.Apply(r0, i0, r1, i1);
                Store4(re + p, im + p, offset, hasMask, laneMask, nr0, ni0, nr1, ni1, r0, i0, r1, i1);
            }
        }
    }

    /// <summary>One matrix kind's arithmetic on the amplitudes (r0 + i·i0, r1 + i·i1) of a pair, a register of each.</summary>
    private interface IPair
    {
        (TVec R0, TVec I0, TVec R1, TVec I1) Apply(TVec r0, TVec i0, TVec r1, TVec i1);
    }

    private readonly struct ExchangePair : IPair
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public (TVec R0, TVec I0, TVec R1, TVec I1) Apply(TVec r0, TVec i0, TVec r1, TVec i1) => (r1, i1, r0, i0);
    }

    /// <summary>[[a, b], [c, d]], all real.</summary>
    private readonly struct RealPair(TVec a, TVec b, TVec c, TVec d) : IPair
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public (TVec R0, TVec I0, TVec R1, TVec I1) Apply(TVec r0, TVec i0, TVec r1, TVec i1) => (
            TOps.MultiplyAdd(r1, b, TOps.Multiply(r0, a)), TOps.MultiplyAdd(i1, b, TOps.Multiply(i0, a)),
            TOps.MultiplyAdd(r1, d, TOps.Multiply(r0, c)), TOps.MultiplyAdd(i1, d, TOps.Multiply(i0, c)));
    }

    /// <summary>[[1, b], [c, 1]], b and c real.</summary>
    private readonly struct ShearRealPair(TVec b, TVec c) : IPair
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public (TVec R0, TVec I0, TVec R1, TVec I1) Apply(TVec r0, TVec i0, TVec r1, TVec i1) => (
            TOps.MultiplyAdd(r1, b, r0), TOps.MultiplyAdd(i1, b, i0), TOps.MultiplyAdd(r0, c, r1), TOps.MultiplyAdd(i0, c, i1));
    }

    /// <summary>[[a, -1], [1, d]], a and d real.</summary>
    private readonly struct AntiShearRealPair(TVec a, TVec d) : IPair
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public (TVec R0, TVec I0, TVec R1, TVec I1) Apply(TVec r0, TVec i0, TVec r1, TVec i1) => (
            TOps.Subtract(TOps.Multiply(r0, a), r1), TOps.Subtract(TOps.Multiply(i0, a), i1),
            TOps.MultiplyAdd(r1, d, r0), TOps.MultiplyAdd(i1, d, i0));
    }

    /// <summary>[[1, ib], [ic, 1]], b and c real: (b, -b, c, -c).</summary>
    private readonly struct ShearImaginaryPair(TVec b, TVec nb, TVec c, TVec nc) : IPair
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public (TVec R0, TVec I0, TVec R1, TVec I1) Apply(TVec r0, TVec i0, TVec r1, TVec i1) => (
            TOps.MultiplyAdd(i1, nb, r0), TOps.MultiplyAdd(r1, b, i0), TOps.MultiplyAdd(i0, nc, r1), TOps.MultiplyAdd(r0, c, i1));
    }

    /// <summary>[[ia, 1], [1, id]], a and d real: (a, -a, d, -d).</summary>
    private readonly struct AntiShearImaginaryPair(TVec a, TVec na, TVec d, TVec nd) : IPair
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public (TVec R0, TVec I0, TVec R1, TVec I1) Apply(TVec r0, TVec i0, TVec r1, TVec i1) => (
            TOps.MultiplyAdd(i0, na, r1), TOps.MultiplyAdd(r0, a, i1), TOps.MultiplyAdd(i1, nd, r0), TOps.MultiplyAdd(r1, d, i0));
    }

    /// <summary>[[a, ib], [ic, d]], a, b, c, d real.</summary>
    private readonly struct RealDiagonalImaginaryOffPair(TVec a, TVec b, TVec nb, TVec c, TVec nc, TVec d) : IPair
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public (TVec R0, TVec I0, TVec R1, TVec I1) Apply(TVec r0, TVec i0, TVec r1, TVec i1) => (
            TOps.MultiplyAdd(i1, nb, TOps.Multiply(r0, a)), TOps.MultiplyAdd(r1, b, TOps.Multiply(i0, a)),
            TOps.MultiplyAdd(i0, nc, TOps.Multiply(r1, d)), TOps.MultiplyAdd(r0, c, TOps.Multiply(i1, d)));
    }

    /// <summary>diag(a, d), complex: (ar, ai, -ai, dr, di, -di).</summary>
    private readonly struct DiagonalPair(TVec ar, TVec ai, TVec nai, TVec dr, TVec di, TVec ndi) : IPair
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public (TVec R0, TVec I0, TVec R1, TVec I1) Apply(TVec r0, TVec i0, TVec r1, TVec i1) => (
            TOps.MultiplyAdd(i0, nai, TOps.Multiply(r0, ar)), TOps.MultiplyAdd(r0, ai, TOps.Multiply(i0, ar)),
            TOps.MultiplyAdd(i1, ndi, TOps.Multiply(r1, dr)), TOps.MultiplyAdd(r1, di, TOps.Multiply(i1, dr)));
    }

    /// <summary>Any complex 2×2: m00, m01, m10, m11 each as (re, im, -im).</summary>
    private readonly struct GeneralPair(SingleQubitOp op) : IPair
    {
        private readonly TVec _m00r = B(op.M00.Real), _m00i = B(op.M00.Imaginary), _n00i = B(-op.M00.Imaginary);
        private readonly TVec _m01r = B(op.M01.Real), _m01i = B(op.M01.Imaginary), _n01i = B(-op.M01.Imaginary);
        private readonly TVec _m10r = B(op.M10.Real), _m10i = B(op.M10.Imaginary), _n10i = B(-op.M10.Imaginary);
        private readonly TVec _m11r = B(op.M11.Real), _m11i = B(op.M11.Imaginary), _n11i = B(-op.M11.Imaginary);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public (TVec R0, TVec I0, TVec R1, TVec I1) Apply(TVec r0, TVec i0, TVec r1, TVec i1) => (
            TOps.MultiplyAdd(i1, _n01i, TOps.MultiplyAdd(r1, _m01r, TOps.MultiplyAdd(i0, _n00i, TOps.Multiply(r0, _m00r)))),
            TOps.MultiplyAdd(r1, _m01i, TOps.MultiplyAdd(i1, _m01r, TOps.MultiplyAdd(r0, _m00i, TOps.Multiply(i0, _m00r)))),
            TOps.MultiplyAdd(i1, _n11i, TOps.MultiplyAdd(r1, _m11r, TOps.MultiplyAdd(i0, _n10i, TOps.Multiply(r0, _m10r)))),
            TOps.MultiplyAdd(r1, _m11i, TOps.MultiplyAdd(i1, _m11r, TOps.MultiplyAdd(r0, _m10i, TOps.Multiply(i0, _m10r)))));
    }

    /// <summary>Target bit inside a register: the partner of lane i is lane i XOR stride, and output lane i is
    /// A[i]·v[i] + B[i]·v[i XOR stride] with A, B picked per lane from the matrix.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ApplyWithinRegisters(SingleQubitOp op, T* re, T* im, int bits)
    {
        var w = TOps.Count;
        var laneStride = 1 << op.Target;
        var (hiMask, hiValue, laneMask) = Split(op.Condition, bits, 0);
        var hasMask = laneMask != 0;
        var mask = hasMask ? LaneMask(op.Condition) : default;
        var count = Count(bits, hiMask);
        if (op.Kind == MatrixKind.Exchange)
        {
            var x = hiValue;
            for (var c = 0; c < count; c++, x = Next(x, hiMask, hiValue))
            {
                var p = (long)x * w;
                var r = TOps.Load(re + p);
                var m = TOps.Load(im + p);
                var nr = TOps.SwapLanes(r, laneStride);
                var ni = TOps.SwapLanes(m, laneStride);
                TOps.Store(re + p, hasMask ? TOps.Select(mask, nr, r) : nr);
                TOps.Store(im + p, hasMask ? TOps.Select(mask, ni, m) : ni);
            }

            return;
        }

        T* lanes = stackalloc T[w * 6];
        for (var l = 0; l < w; l++)
        {
            var one = ((l >> op.Target) & 1) == 1;
            var a = one ? op.M11 : op.M00;
            var b = one ? op.M10 : op.M01;
            lanes[l] = T.CreateTruncating(a.Real);
            lanes[w + l] = T.CreateTruncating(a.Imaginary);
            lanes[(2 * w) + l] = T.CreateTruncating(-a.Imaginary);
            lanes[(3 * w) + l] = T.CreateTruncating(b.Real);
            lanes[(4 * w) + l] = T.CreateTruncating(b.Imaginary);
            lanes[(5 * w) + l] = T.CreateTruncating(-b.Imaginary);
        }

        var coefficients = new LaneCoefficients<TVec>(
            TOps.Load(lanes), TOps.Load(lanes + w), TOps.Load(lanes + (2 * w)),
            TOps.Load(lanes + (3 * w)), TOps.Load(lanes + (4 * w)), TOps.Load(lanes + (5 * w)));

        // A literal stride per call lets the JIT fold the lane shuffle to one instruction outside any branch.
        switch (laneStride)
        {
            case 1:
                LaneLoop(re, im, count, hiMask, hiValue, hasMask, mask, 1, coefficients);
                break;
            case 2:
                LaneLoop(re, im, count, hiMask, hiValue, hasMask, mask, 2, coefficients);
                break;
            case 4:
                LaneLoop(re, im, count, hiMask, hiValue, hasMask, mask, 4, coefficients);
                break;
            default:
                LaneLoop(re, im, count, hiMask, hiValue, hasMask, mask, 8, coefficients);
                break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void LaneLoop(T* re, T* im, int count, int hiMask, int hiValue, bool hasMask, TVec mask, int laneStride, LaneCoefficients<TVec> k)
    {
        var w = TOps.Count;
        var (ar, ai, nai, br, bi, nbi) = k;
        var x = hiValue;
        for (var c = 0; c < count; c++, x = Next(x, hiMask, hiValue))
        {
            var p = (long)x * w;
            var r = TOps.Load(re + p);
            var m = TOps.Load(im + p);
            var pr = TOps.SwapLanes(r, laneStride);
            var pm = TOps.SwapLanes(m, laneStride);
            var nr = TOps.MultiplyAdd(pm, nbi, TOps.MultiplyAdd(pr, br, TOps.MultiplyAdd(m, nai, TOps.Multiply(r, ar))));
            var ni = TOps.MultiplyAdd(pr, bi, TOps.MultiplyAdd(pm, br, TOps.MultiplyAdd(r, ai, TOps.Multiply(m, ar))));
            TOps.Store(re + p, hasMask ? TOps.Select(mask, nr, r) : nr);
            TOps.Store(im + p, hasMask ? TOps.Select(mask, ni, m) : ni);
        }
    }

    private static void ApplyPhase(PhaseOp op, T* re, T* im, int bits)
    {
        var w = TOps.Count;
        var (hiMask, hiValue, laneMask) = Split(op.Condition, bits, 0);
        T* lanes = stackalloc T[w * 3];
        for (var l = 0; l < w; l++)
        {
            var hit = (l & laneMask) == (op.Condition.InnerValue & laneMask);
            var f = hit ? op.Factor : Complex.One;
            lanes[l] = T.CreateTruncating(f.Real);
            lanes[w + l] = T.CreateTruncating(f.Imaginary);
            lanes[(2 * w) + l] = T.CreateTruncating(-f.Imaginary);
        }

        var fr = TOps.Load(lanes);
        var fi = TOps.Load(lanes + w);
        var nfi = TOps.Load(lanes + (2 * w));
        var count = Count(bits, hiMask);
        var x = hiValue;
        for (var c = 0; c < count; c++, x = Next(x, hiMask, hiValue))
        {
            var p = (long)x * w;
            var r = TOps.Load(re + p);
            var m = TOps.Load(im + p);
            TOps.Store(re + p, TOps.MultiplyAdd(m, nfi, TOps.Multiply(r, fr)));
            TOps.Store(im + p, TOps.MultiplyAdd(r, fi, TOps.Multiply(m, fr)));
        }
    }

    /// <summary>One amplitude group at a time, in double arithmetic: rare gates, not worth vectorising.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ApplyMulti(MultiQubitOp op, T* re, T* im, int bits)
    {
        var k = op.Targets.Length;
        var dim = 1 << k;
        Span<int> offsets = stackalloc int[dim];
        var fixedMask = op.Condition.InnerMask;
        for (var s = 0; s < dim; s++)
        {
            for (var j = 0; j < k; j++)
            {
                offsets[s] |= ((s >> j) & 1) << op.Targets[j];
            }
        }

        foreach (var t in op.Targets)
        {
            fixedMask |= 1 << t;
        }

        Span<Complex> gathered = stackalloc Complex[dim];
        var matrix = op.Matrix;
        var count = 1 << (bits - BitOperations.PopCount((uint)fixedMask));
        var x = op.Condition.InnerValue;
        for (var c = 0; c < count; c++, x = Next(x, fixedMask, op.Condition.InnerValue))
        {
            for (var s = 0; s < dim; s++)
            {
                gathered[s] = new Complex(double.CreateTruncating(re[x + offsets[s]]), double.CreateTruncating(im[x + offsets[s]]));
            }

            for (var r = 0; r < dim; r++)
            {
                var sum = Complex.Zero;
                for (var s = 0; s < dim; s++)
                {
                    sum += matrix[(r * dim) + s] * gathered[s];
                }

                re[x + offsets[r]] = T.CreateTruncating(sum.Real);
                im[x + offsets[r]] = T.CreateTruncating(sum.Imaginary);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store4(
        T* re, T* im, long offset, bool hasMask, TVec mask,
        TVec nr0, TVec ni0, TVec nr1, TVec ni1, TVec r0, TVec i0, TVec r1, TVec i1)
    {
        if (hasMask)
        {
            nr0 = TOps.Select(mask, nr0, r0);
            ni0 = TOps.Select(mask, ni0, i0);
            nr1 = TOps.Select(mask, nr1, r1);
            ni1 = TOps.Select(mask, ni1, i1);
        }

        TOps.Store(re, nr0);
        TOps.Store(im, ni0);
        TOps.Store(re + offset, nr1);
        TOps.Store(im + offset, ni1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVec B(double value) => TOps.Broadcast(T.CreateTruncating(value));

    /// <summary>The condition split into register-index bits (plus <paramref name="extraHiMask"/>, a target's register
    /// bit, which the loop holds at 0) and lane bits.</summary>
    private static (int HiMask, int HiValue, int LaneMask) Split(OpCondition condition, int bits, int extraHiMask)
    {
        var laneMask = condition.InnerMask & (TOps.Count - 1);
        var hiMask = (condition.InnerMask >> LaneBits) | extraHiMask;
        var hiValue = condition.InnerValue >> LaneBits;
        _ = bits;
        return (hiMask, hiValue, laneMask);
    }

    private static int Count(int bits, int hiMask) => 1 << (bits - LaneBits - BitOperations.PopCount((uint)hiMask));

    /// <summary>The next register index with the fixed bits equal to <paramref name="value"/>: setting them lets the
    /// increment carry across, clearing them restores the zeros.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Next(int x, int fixedMask, int value) => (((x | fixedMask) + 1) & ~fixedMask) | value;

    private static TVec LaneMask(OpCondition condition)
    {
        var w = TOps.Count;
        T* lanes = stackalloc T[w];
        var laneMask = condition.InnerMask & (w - 1);
        for (var l = 0; l < w; l++)
        {
            var bytes = MemoryMarshal.AsBytes(new Span<T>(lanes + l, 1));
            bytes.Fill((l & laneMask) == (condition.InnerValue & laneMask) ? (byte)0xFF : (byte)0);
        }

        return TOps.Load(lanes);
    }
}
