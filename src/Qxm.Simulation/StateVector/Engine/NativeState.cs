using System.Runtime.InteropServices;

namespace Qxm.Simulation.StateVector.Engine;

/// <summary>A state vector in split layout (all real parts, then all imaginary parts) in aligned native memory, so
/// vector loads never straddle cache lines and a lane holds the same part of neighbouring amplitudes.</summary>
internal sealed unsafe class NativeState<T> : IDisposable
    where T : unmanaged, System.Numerics.INumberBase<T>
{
    /// <summary>Space between the real and imaginary parts. Without it they lie a power of two apart, and from 2^28
    /// bytes on AMD's L1 way predictor (which hashes address bits below 28) sees a real and an imaginary line as the same,
    /// evicting one for the other on every access: kernels ran 6x slower from 25 qubits (double) on.</summary>
    private const nuint ImaginaryGapBytes = 1 << 20;

    private void* _memory;

    private readonly nuint _allocatedBytes;

    private NativeState(int qubits, void* memory, nuint allocatedBytes, byte* aligned, long gap, bool zeroed)
    {
        _allocatedBytes = allocatedBytes;
        Zeroed = zeroed;
        Qubits = qubits;
        Length = 1L << qubits;
        _memory = memory;
        Real = (T*)aligned;
        Imaginary = Real + Length + gap;
    }

    ~NativeState() => Free();

    public int Qubits { get; }

    /// <summary>The memory held only zeros when allocated (fresh from the system rather than a previous run's).</summary>
    public bool Zeroed { get; }

    public long Length { get; }

    public T* Real { get; }

    public T* Imaginary { get; }

    /// <summary>Bytes of one state at this precision (both parts).</summary>
    public static long Bytes(int qubits) => 2L * sizeof(T) << qubits;

    /// <summary>Allocates memory for a state without initialising it: the engine's first pass writes |0…0⟩ block by
    /// block (or <see cref="SetBasisZero"/> does when there is no pass). Large states reuse the previous run's memory
    /// (<see cref="StateMemoryPool"/>); fresh memory (<see cref="Zeroed"/>) already reads as zeros, so the first pass
    /// writes only the blocks it computes, and its pages are touched first by the passes, spread over their workers, or
    /// above 512 MiB populated beforehand (<see cref="HugePages.Populate"/>).
    /// Alignment is done by hand since the allocator has no alignment parameter.</summary>
    /// <param name="threads">Threads that populate fresh memory of a large state (<see cref="HugePages.Populate"/>).</param>
    public static NativeState<T> Allocate(int qubits, int threads = 1)
    {
        var bytes = (nuint)Bytes(qubits);
        var large = bytes >= HugePages.Size;
        var alignment = large ? HugePages.Size : 64;
        var gap = large ? ImaginaryGapBytes : 0;
        var allocated = bytes + gap + alignment;
        var memory = StateMemoryPool.Take(allocated, out var fresh);
        var aligned = (byte*)(((nuint)memory + alignment - 1) & ~(alignment - 1));
        HugePages.Request((nint)aligned, bytes + gap);
        if (fresh)
        {
            HugePages.Populate((nint)aligned, bytes + gap, threads);
        }
        return new NativeState<T>(qubits, memory, allocated, aligned, (long)(gap / (nuint)sizeof(T)), fresh);
    }

    /// <summary>Writes |0…0⟩ over the whole state.</summary>
    public void SetBasisZero()
    {
        NativeMemory.Clear(Real, (nuint)(Length * sizeof(T)));
        NativeMemory.Clear(Imaginary, (nuint)(Length * sizeof(T)));
        Real[0] = T.One;
    }

    public void Dispose()
    {
        Free();
        GC.SuppressFinalize(this);
    }

    private void Free()
    {
        if (_memory != null)
        {
            StateMemoryPool.Return(_memory, _allocatedBytes);
            _memory = null;
        }
    }
}
