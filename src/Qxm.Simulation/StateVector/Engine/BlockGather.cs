using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Qxm.Simulation.StateVector.Engine;

/// <summary>Copies a block's runs between the state and a worker's buffer. A block's runs lie far apart in the state
/// (one or two cache lines each, a stride of megabytes), so no hardware prefetcher follows them and a plain copy
/// waits on memory latency run after run: the gather prefetches a fixed distance ahead. The write-back streams past
/// the caches (the lines are not read again in this pass), which also spares the read that a normal store of a line
/// not in cache costs.</summary>
internal static unsafe class BlockGather
{
    /// <summary>Runs fetched ahead of the one being copied.</summary>
    private const int Distance = 12;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Gather(byte* sourceRe, byte* sourceIm, long[] runByteOffsets, byte* re, byte* im, int runBytes)
    {
        var prefetch = Sse.IsSupported;
        for (var r = 0; r < runByteOffsets.Length; r++)
        {
            if (prefetch && r + Distance < runByteOffsets.Length)
            {
                var ahead = runByteOffsets[r + Distance];
                for (var line = 0; line < runBytes; line += 64)
                {
                    Sse.Prefetch0(sourceRe + ahead + line);
                    Sse.Prefetch0(sourceIm + ahead + line);
                }
            }

            Copy(sourceRe + runByteOffsets[r], re + ((long)r * runBytes), runBytes);
            Copy(sourceIm + runByteOffsets[r], im + ((long)r * runBytes), runBytes);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Scatter(byte* re, byte* im, long[] runByteOffsets, byte* targetRe, byte* targetIm, int runBytes)
    {
        var stream = Avx512F.IsSupported && runBytes % 64 == 0;
        for (var r = 0; r < runByteOffsets.Length; r++)
        {
            var offset = runByteOffsets[r];
            if (stream)
            {
                Stream(re + ((long)r * runBytes), targetRe + offset, runBytes);
                Stream(im + ((long)r * runBytes), targetIm + offset, runBytes);
            }
            else
            {
                Copy(re + ((long)r * runBytes), targetRe + offset, runBytes);
                Copy(im + ((long)r * runBytes), targetIm + offset, runBytes);
            }
        }

        if (stream)
        {
            FenceStreamingStores();
        }
    }

    /// <summary>Writes zeros to a block's runs in the state (one run for a contiguous block), streaming where the
    /// processor can.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ScatterZeros(long[] runByteOffsets, byte* targetRe, byte* targetIm, int runBytes)
    {
        var stream = Avx512F.IsSupported && runBytes % 64 == 0;
        foreach (var offset in runByteOffsets)
        {
            if (stream)
            {
                for (var b = 0; b < runBytes; b += 64)
                {
                    Avx512F.StoreAlignedNonTemporal(targetRe + offset + b, Vector512<byte>.Zero);
                    Avx512F.StoreAlignedNonTemporal(targetIm + offset + b, Vector512<byte>.Zero);
                }
            }
            else
            {
                new Span<byte>(targetRe + offset, runBytes).Clear();
                new Span<byte>(targetIm + offset, runBytes).Clear();
            }
        }

        FenceStreamingStores();
    }

    /// <summary>Makes streaming stores (of a scatter or a tile kernel), which are weakly ordered, visible before the
    /// pass's end is signalled.</summary>
    public static void FenceStreamingStores()
    {
        if (Sse.IsSupported)
        {
            Sse.StoreFence();
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Copy(byte* source, byte* destination, int bytes)
    {
        if (Vector512.IsHardwareAccelerated && bytes % 64 == 0)
        {
            for (var b = 0; b < bytes; b += 64)
            {
                Vector512.Store(Vector512.Load(source + b), destination + b);
            }
        }
        else
        {
            Buffer.MemoryCopy(source, destination, bytes, bytes);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Stream(byte* source, byte* destination, int bytes)
    {
        for (var b = 0; b < bytes; b += 64)
        {
            Avx512F.StoreAlignedNonTemporal(destination + b, Vector512.Load(source + b));
        }
    }
}
