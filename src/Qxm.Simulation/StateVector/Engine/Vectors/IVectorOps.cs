namespace Qxm.Simulation.StateVector.Engine.Vectors;

/// <summary>The few vector operations the kernels need, over one register type, so each kernel is written once and
/// the JIT specialises it per width (512, 256, 128 bits or one scalar) and per precision.</summary>
/// <typeparam name="TVec">The register type, e.g. <c>Vector512&lt;double&gt;</c>.</typeparam>
/// <typeparam name="T">float or double.</typeparam>
internal unsafe interface IVectorOps<TVec, T>
    where TVec : struct
    where T : unmanaged
{
    /// <summary>Lanes per register; a power of two.</summary>
    static abstract int Count { get; }

    /// <summary>Whether the processor fuses a multiply-add at this width (else <see cref="MultiplyAdd"/> multiplies,
    /// then adds).</summary>
    static abstract bool FusedInHardware { get; }

    static abstract TVec Load(T* source);

    static abstract void Store(T* destination, TVec value);

    static abstract TVec Broadcast(T value);

    static abstract TVec Add(TVec a, TVec b);

    static abstract TVec Subtract(TVec a, TVec b);

    static abstract TVec Multiply(TVec a, TVec b);

    /// <summary>a × b + c, fused where the hardware has it.</summary>
    static abstract TVec MultiplyAdd(TVec a, TVec b, TVec c);

    /// <summary>Lanes of <paramref name="mask"/> with all bits set take <paramref name="whenSet"/>.</summary>
    static abstract TVec Select(TVec mask, TVec whenSet, TVec otherwise);

    /// <summary>Lane i takes lane i XOR <paramref name="stride"/>; stride is a power of two below <see cref="Count"/>.</summary>
    static abstract TVec SwapLanes(TVec value, int stride);
}
