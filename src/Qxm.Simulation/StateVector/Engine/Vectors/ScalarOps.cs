using System.Numerics;
using System.Runtime.CompilerServices;

namespace Qxm.Simulation.StateVector.Engine.Vectors;

/// <summary>One amplitude per "register": the SIMD-off path, and the width for states smaller than a vector.</summary>
internal readonly unsafe struct ScalarOps<T> : IVectorOps<T, T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public static int Count => 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Load(T* source) => *source;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(T* destination, T value) => *destination = value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Broadcast(T value) => value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Add(T a, T b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Subtract(T a, T b) => a - b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Multiply(T a, T b) => a * b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T MultiplyAdd(T a, T b, T c) => (a * b) + c;

    /// <summary>Scalars multiply, then add (a fused scalar multiply-add is a library call where the processor lacks it).</summary>
    public static bool FusedInHardware => false;

    // With one lane a lane condition is decided per amplitude by the kernel's index loop, never by a mask.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Select(T mask, T whenSet, T otherwise) => whenSet;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T SwapLanes(T value, int stride) => value;
}
