using System.Runtime.InteropServices;

namespace Qxm.Simulation.StateVector.Engine;

/// <summary>A state vector in split layout (all real parts, then all imaginary parts) in aligned native memory, so
/// vector loads never straddle cache lines and a lane holds the same part of neighbouring amplitudes.</summary>
internal sealed unsafe class NativeState<T> : IDisposable
    where T : unmanaged
{
    private void* _memory;

    private NativeState(int qubits, void* memory, byte* aligned)
    {
        Qubits = qubits;
        Length = 1L << qubits;
        _memory = memory;
        Real = (T*)aligned;
        Imaginary = Real + Length;
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
        var alignment = bytes >= HugePages.Size ? HugePages.Size : 64;
        var memory = NativeMemory.AllocZeroed(bytes + alignment);
        var aligned = (byte*)(((nuint)memory + alignment - 1) & ~(alignment - 1));
        HugePages.Request((nint)aligned, bytes);
        return new NativeState<T>(qubits, memory, aligned);
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
