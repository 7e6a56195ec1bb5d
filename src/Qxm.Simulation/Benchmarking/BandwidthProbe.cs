using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Qxm.Simulation.Benchmarking;

/// <summary>Measures what one pass over a state can cost at best: every thread scales its share of a large buffer in
/// place (read, multiply, write back), which is a simulator pass without the arithmetic. Best of several sweeps.</summary>
internal static unsafe class BandwidthProbe
{
    public static double Measure(long bytes, int threads, int sweeps = 6)
    {
        var doubles = bytes / sizeof(double);
        var memory = (double*)NativeMemory.AlignedAlloc((nuint)bytes, 2 << 20);
        try
        {
            StateVector.Engine.HugePages.Request((nint)memory, (nuint)bytes);
            var best = double.MaxValue;
            for (var s = 0; s < sweeps + 1; s++)
            {
                var stopwatch = Stopwatch.StartNew();
                var factor = s == 0 ? 0.0 : 1.0;
                var share = doubles / threads;
                Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
                {
                    var start = memory + (t * share);
                    var end = t == threads - 1 ? memory + doubles : start + share;
                    var f = Vector256.Create(factor);
                    for (var p = start; p + 4 <= end; p += 4)
                    {
                        Vector256.Store(Vector256.Load(p) * f, p);
                    }
                });
                // The first sweep also takes the page faults and zeroes the buffer; it does not count.
                if (s > 0)
                {
                    best = Math.Min(best, stopwatch.Elapsed.TotalSeconds);
                }
            }

            return 2.0 * bytes / best;
        }
        finally
        {
            NativeMemory.AlignedFree(memory);
        }
    }
}
