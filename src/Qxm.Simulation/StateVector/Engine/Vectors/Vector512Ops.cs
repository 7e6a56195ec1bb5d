using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Qxm.Simulation.StateVector.Engine.Vectors;

/// <summary>AVX-512 registers. The typeof tests are constants to the JIT, so each instantiation keeps one branch.</summary>
internal readonly unsafe struct Vector512Ops<T> : IVectorOps<Vector512<T>, T>
    where T : unmanaged
{
    public static int Count => Vector512<T>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Load(T* source) => Vector512.Load(source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(T* destination, Vector512<T> value) => value.Store(destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Broadcast(T value) => Vector512.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Add(Vector512<T> a, Vector512<T> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Subtract(Vector512<T> a, Vector512<T> b) => a - b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Multiply(Vector512<T> a, Vector512<T> b) => a * b;

    /// <summary>Whether the processor fuses a multiply-add at this width; without it the fused form is computed in
    /// software one lane at a time (orders of magnitude slower), so a multiply and an add are used instead.</summary>
    public static bool FusedInHardware => System.Runtime.Intrinsics.X86.Avx512F.IsSupported;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> MultiplyAdd(Vector512<T> a, Vector512<T> b, Vector512<T> c)
    {
        if (!FusedInHardware)
        {
            return (a * b) + c;
        }

        if (typeof(T) == typeof(double))
        {
            return Vector512.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
        }

        if (typeof(T) == typeof(float))
        {
            return Vector512.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
        }

        return (a * b) + c;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Select(Vector512<T> mask, Vector512<T> whenSet, Vector512<T> otherwise) =>
        Vector512.ConditionalSelect(mask, whenSet, otherwise);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> SwapLanes(Vector512<T> value, int stride)
    {
        if (typeof(T) == typeof(double))
        {
            var v = value.AsDouble();
            return (stride switch
            {
                1 => Vector512.Shuffle(v, Vector512.Create(1L, 0, 3, 2, 5, 4, 7, 6)),
                2 => Vector512.Shuffle(v, Vector512.Create(2L, 3, 0, 1, 6, 7, 4, 5)),
                _ => Vector512.Shuffle(v, Vector512.Create(4L, 5, 6, 7, 0, 1, 2, 3)),
            }).As<double, T>();
        }

        var f = value.AsSingle();
        return (stride switch
        {
            1 => Vector512.Shuffle(f, Vector512.Create(1, 0, 3, 2, 5, 4, 7, 6, 9, 8, 11, 10, 13, 12, 15, 14)),
            2 => Vector512.Shuffle(f, Vector512.Create(2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13)),
            4 => Vector512.Shuffle(f, Vector512.Create(4, 5, 6, 7, 0, 1, 2, 3, 12, 13, 14, 15, 8, 9, 10, 11)),
            _ => Vector512.Shuffle(f, Vector512.Create(8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7)),
        }).As<float, T>();
    }
}
