using System.Runtime.InteropServices;

namespace Qxm.Simulation.StateVector.Engine;

/// <summary>A state vector in split layout (all real parts, then all imaginary parts) in aligned native memory, so
/// vector loads never straddle cache lines and a lane holds the same part of neighbouring amplitudes.</summary>
internal sealed unsafe class NativeState<T> : IDisposable
    where T : unmanaged
{
    /// <summary>Space between the real and imaginary parts. Without it they lie a power of two apart, and from 2^28
    /// bytes on AMD's L1 way predictor (which hashes address bits below 28) sees a real and an imaginary line as the same,
    /// evicting one for the other on every access: kernels ran 6x slower from 25 qubits (double) on.</summary>
    private const nuint ImaginaryGapBytes = 1 << 20;

    private void* _memory;

    private NativeState(int qubits, void* memory, byte* aligned, long gap)
    {
        Qubits = qubits;
        Length = 1L << qubits;
        _memory = memory;
        Real = (T*)aligned;
        Imaginary = Real + Length + gap;
    }

    ~NativeState() => Free();

    public int Qubits { get; }

    public long Length { get; }

    public T* Real { get; }

    public T* Imaginary { get; }

    /// <summary>Bytes of one state at this precision (both parts).</summary>
    public static long Bytes(int qubits) => 2L * sizeof(T) << qubits;

    /// <summary>Allocates zeroed memory for |0…0⟩ without the amplitude set. calloc hands out fresh pages of a large
    /// allocation untouched (they are zero already), so the page faults are taken by the first pass, spread over its
    /// workers, instead of by a separate zeroing sweep; alignment is done by hand since calloc has no alignment
    /// parameter.</summary>
    public static NativeState<T> AllocateZeroed(int qubits)
    {
        var bytes = (nuint)Bytes(qubits);
        var large = bytes >= HugePages.Size;
        var alignment = large ? HugePages.Size : 64;
        var gap = large ? ImaginaryGapBytes : 0;
        var memory = NativeMemory.AllocZeroed(bytes + gap + alignment);
        var aligned = (byte*)(((nuint)memory + alignment - 1) & ~(alignment - 1));
        HugePages.Request((nint)aligned, bytes + gap);
        return new NativeState<T>(qubits, memory, aligned, (long)(gap / (nuint)sizeof(T)));
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
            NativeMemory.Free(_memory);
            _memory = null;
        }
    }
}
