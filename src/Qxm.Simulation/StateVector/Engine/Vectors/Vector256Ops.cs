using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Qxm.Simulation.StateVector.Engine.Vectors;

/// <summary>AVX2 registers. The typeof tests are constants to the JIT, so each instantiation keeps one branch.</summary>
internal readonly unsafe struct Vector256Ops<T> : IVectorOps<Vector256<T>, T>
    where T : unmanaged
{
    public static int Count => Vector256<T>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Load(T* source) => Vector256.Load(source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(T* destination, Vector256<T> value) => value.Store(destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Broadcast(T value) => Vector256.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Add(Vector256<T> a, Vector256<T> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Subtract(Vector256<T> a, Vector256<T> b) => a - b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Multiply(Vector256<T> a, Vector256<T> b) => a * b;

    /// <summary>Whether the processor fuses a multiply-add at this width; without it the fused form is computed in
    /// software one lane at a time (orders of magnitude slower), so a multiply and an add are used instead.</summary>
    public static bool FusedInHardware => System.Runtime.Intrinsics.X86.Fma.IsSupported;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> MultiplyAdd(Vector256<T> a, Vector256<T> b, Vector256<T> c)
    {
        if (!FusedInHardware)
        {
            return (a * b) + c;
        }

        if (typeof(T) == typeof(double))
        {
            return Vector256.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
        }

        if (typeof(T) == typeof(float))
        {
            return Vector256.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
        }

        return (a * b) + c;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Select(Vector256<T> mask, Vector256<T> whenSet, Vector256<T> otherwise) =>
        Vector256.ConditionalSelect(mask, whenSet, otherwise);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> SwapLanes(Vector256<T> value, int stride)
    {
        if (typeof(T) == typeof(double))
        {
            var v = value.AsDouble();
            return (stride == 1
                ? Vector256.Shuffle(v, Vector256.Create(1L, 0, 3, 2))
                : Vector256.Shuffle(v, Vector256.Create(2L, 3, 0, 1))).As<double, T>();
        }

        var f = value.AsSingle();
        return (stride switch
        {
            1 => Vector256.Shuffle(f, Vector256.Create(1, 0, 3, 2, 5, 4, 7, 6)),
            2 => Vector256.Shuffle(f, Vector256.Create(2, 3, 0, 1, 6, 7, 4, 5)),
            _ => Vector256.Shuffle(f, Vector256.Create(4, 5, 6, 7, 0, 1, 2, 3)),
        }).As<float, T>();
    }
}
