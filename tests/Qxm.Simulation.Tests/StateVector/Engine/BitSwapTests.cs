using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Qxm.Simulation.StateVector.Engine;
using Qxm.Simulation.StateVector.Engine.Tiles;
using Qxm.Simulation.StateVector.Engine.Vectors;

namespace Qxm.Simulation.Tests.StateVector.Engine;

/// <summary>The bit swaps that end a relabelling pass, on a 7-bit block whose amplitude i holds (i, -i): after
/// swapping bits a and b, index i must hold what was at i with those bits exchanged. Every register width's tile
/// kernels (lane with register, register with register, lane with lane) and the one-at-a-time fallback.</summary>
public class BitSwapTests
{
    private const int Bits = 7;

    public static TheoryData<int, int> Pairs() => new() { { 0, 5 }, { 2, 3 }, { 1, 2 }, { 0, 1 }, { 3, 6 }, { 4, 5 } };

    [Theory]
    [MemberData(nameof(Pairs))]
    public void TileKernels_SwapIndexBits(int low, int high)
    {
        Check<double, Vector512<double>, Vector512Ops<double>>(low, high, tiles: true);
        Check<double, Vector256<double>, Vector256Ops<double>>(low, high, tiles: true);
        Check<double, Vector128<double>, Vector128Ops<double>>(low, high, tiles: true);
        Check<float, Vector512<float>, Vector512Ops<float>>(low, high, tiles: true);
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Fallback_SwapsIndexBits(int low, int high)
    {
        Check<double, double, ScalarOps<double>>(low, high, tiles: false);
        Check<double, Vector512<double>, Vector512Ops<double>>(low, high, tiles: false);
    }

    [Fact]
    public void TileKernels_SeveralSwapsInOneGroup()
    {
        var w = Vector512<double>.Count;
        PassOp[] ops = [new BitSwapOp(0, 4), new BitSwapOp(1, 2), new BitSwapOp(3, 5)];
        var (segments, _) = TileGrouper.Group(ops, BitOperations.Log2((uint)w), 3);
        Assert.Single(segments);

        var result = RunGroup<double, Vector512<double>, Vector512Ops<double>>(segments[0]);

        for (var i = 0; i < 1 << Bits; i++)
        {
            var source = SwapBits(SwapBits(SwapBits(i, 0, 4), 1, 2), 3, 5);
            Assert.Equal((double)source, result.Re[i]);
            Assert.Equal((double)-source, result.Im[i]);
        }
    }

    private static unsafe void Check<T, TVec, TOps>(int low, int high, bool tiles)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TVec : struct
        where TOps : struct, IVectorOps<TVec, T>
    {
        var op = new BitSwapOp(low, high);
        (T[] Re, T[] Im) result;
        if (tiles)
        {
            var (segments, _) = TileGrouper.Group([op], BitOperations.Log2((uint)TOps.Count), 2);
            var segment = Assert.Single(segments);
            Assert.True(segment.IsGroup);
            result = RunGroup<T, TVec, TOps>(segment);
        }
        else
        {
            var re = Fill<T>(1);
            var im = Fill<T>(-1);
            fixed (T* r = re, m = im)
            {
                BlockKernels<T, TVec, TOps>.Apply(op, r, m, Bits);
            }

            result = (re, im);
        }

        for (var i = 0; i < 1 << Bits; i++)
        {
            var source = SwapBits(i, low, high);
            Assert.True(T.CreateTruncating(source) == result.Re[i], $"{typeof(TVec).Name}: swap ({low}, {high}) put {result.Re[i]} at {i}, expected {source}");
            Assert.True(T.CreateTruncating(-source) == result.Im[i]);
        }
    }

    private static unsafe (T[] Re, T[] Im) RunGroup<T, TVec, TOps>(TileSegment segment)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TVec : struct
        where TOps : struct, IVectorOps<TVec, T>
    {
        using var group = TileGroup<T, TVec, TOps>.Build(segment, Bits);
        var bytes = (nuint)(sizeof(T) << Bits);
        var re = (T*)NativeMemory.AlignedAlloc(bytes, 64);
        var im = (T*)NativeMemory.AlignedAlloc(bytes, 64);
        try
        {
            Fill<T>(1).CopyTo(new Span<T>(re, 1 << Bits));
            Fill<T>(-1).CopyTo(new Span<T>(im, 1 << Bits));
            group.Run(re, im, 0, null);
            return (new Span<T>(re, 1 << Bits).ToArray(), new Span<T>(im, 1 << Bits).ToArray());
        }
        finally
        {
            NativeMemory.AlignedFree(re);
            NativeMemory.AlignedFree(im);
        }
    }

    private static T[] Fill<T>(int sign)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        [.. Enumerable.Range(0, 1 << Bits).Select(i => T.CreateTruncating(sign * i))];

    private static int SwapBits(int i, int a, int b) =>
        ((i >> a) & 1) == ((i >> b) & 1) ? i : i ^ (1 << a) ^ (1 << b);
}
