using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Qxm.Simulation.StateVector.Engine.Vectors;

/// <summary>SSE/NEON registers. The typeof tests are constants to the JIT, so each instantiation keeps one branch.</summary>
internal readonly unsafe struct Vector128Ops<T> : IVectorOps<Vector128<T>, T>
    where T : unmanaged
{
    public static int Count => Vector128<T>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Load(T* source) => Vector128.Load(source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(T* destination, Vector128<T> value) => value.Store(destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Broadcast(T value) => Vector128.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Add(Vector128<T> a, Vector128<T> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Subtract(Vector128<T> a, Vector128<T> b) => a - b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Multiply(Vector128<T> a, Vector128<T> b) => a * b;

    /// <summary>Whether the processor fuses a multiply-add at this width; without it the fused form is computed in
    /// software one lane at a time (orders of magnitude slower), so a multiply and an add are used instead.</summary>
    public static bool FusedInHardware => System.Runtime.Intrinsics.X86.Fma.IsSupported || System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> MultiplyAdd(Vector128<T> a, Vector128<T> b, Vector128<T> c)
    {
        if (!FusedInHardware)
        {
            return (a * b) + c;
        }

        if (typeof(T) == typeof(double))
        {
            return Vector128.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
        }

        if (typeof(T) == typeof(float))
        {
            return Vector128.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
        }

        return (a * b) + c;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Select(Vector128<T> mask, Vector128<T> whenSet, Vector128<T> otherwise) =>
        Vector128.ConditionalSelect(mask, whenSet, otherwise);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> SwapLanes(Vector128<T> value, int stride)
    {
        if (typeof(T) == typeof(double))
        {
            return Vector128.Shuffle(value.AsDouble(), Vector128.Create(1L, 0)).As<double, T>();
        }

        var f = value.AsSingle();
        return (stride == 1
            ? Vector128.Shuffle(f, Vector128.Create(1, 0, 3, 2))
            : Vector128.Shuffle(f, Vector128.Create(2, 3, 0, 1))).As<float, T>();
    }
}
