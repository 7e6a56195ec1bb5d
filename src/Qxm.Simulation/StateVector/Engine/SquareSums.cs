using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Qxm.Simulation.StateVector.Engine;

/// <summary>Sums of |a|² over contiguous runs of a split-layout state, in double. The marginal of one qubit and the
/// sampler's bins read the whole state once per trajectory job; scalar, those reads were a tenth of a noisy run's time.</summary>
internal static unsafe class SquareSums
{
    /// <summary>Σ re[i]² + im[i]² for i in [0, <paramref name="count"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Sum<T>(T* re, T* im, long count)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(double) && Vector256.IsHardwareAccelerated && count >= 8)
        {
            return Sum((double*)re, (double*)im, count);
        }

        if (typeof(T) == typeof(float) && Vector256.IsHardwareAccelerated && count >= 8)
        {
            return Sum((float*)re, (float*)im, count);
        }

        var sum = 0.0;
        for (long i = 0; i < count; i++)
        {
            var r = double.CreateTruncating(re[i]);
            var m = double.CreateTruncating(im[i]);
            sum += (r * r) + (m * m);
        }

        return sum;
    }

    /// <summary>Two independent accumulators so that consecutive additions do not wait on each other.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double Sum(double* re, double* im, long count)
    {
        var even = Vector256<double>.Zero;
        var odd = Vector256<double>.Zero;
        long i = 0;
        for (; i + 8 <= count; i += 8)
        {
            var r0 = Vector256.Load(re + i);
            var m0 = Vector256.Load(im + i);
            var r1 = Vector256.Load(re + i + 4);
            var m1 = Vector256.Load(im + i + 4);
            even += (r0 * r0) + (m0 * m0);
            odd += (r1 * r1) + (m1 * m1);
        }

        var sum = Vector256.Sum(even + odd);
        for (; i < count; i++)
        {
            sum += (re[i] * re[i]) + (im[i] * im[i]);
        }

        return sum;
    }

    /// <summary>Single-precision amplitudes widened to double before squaring, so that sums over millions of them keep
    /// double's accuracy.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double Sum(float* re, float* im, long count)
    {
        var even = Vector256<double>.Zero;
        var odd = Vector256<double>.Zero;
        long i = 0;
        for (; i + 8 <= count; i += 8)
        {
            var (r0, r1) = Vector256.Widen(Vector256.Load(re + i));
            var (m0, m1) = Vector256.Widen(Vector256.Load(im + i));
            even += (r0 * r0) + (m0 * m0);
            odd += (r1 * r1) + (m1 * m1);
        }

        var sum = Vector256.Sum(even + odd);
        for (; i < count; i++)
        {
            double r = re[i], m = im[i];
            sum += (r * r) + (m * m);
        }

        return sum;
    }
}
