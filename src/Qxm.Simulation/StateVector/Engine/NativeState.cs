using System.Runtime.InteropServices;

namespace Qxm.Simulation.StateVector.Engine;

/// <summary>A state vector in split layout (all real parts, then all imaginary parts) in aligned native memory, so
/// vector loads never straddle cache lines and a lane holds the same part of neighbouring amplitudes.</summary>
internal sealed unsafe class NativeState<T> : IDisposable
    where T : unmanaged
{
    private void* _memory;

    private NativeState(int qubits, void* memory)
    {
        Qubits = qubits;
        Length = 1L << qubits;
        _memory = memory;
        Real = (T*)memory;
        Imaginary = Real + Length;
    }

    ~NativeState() => Free();

    public int Qubits { get; }

    public long Length { get; }

    public T* Real { get; }

    public T* Imaginary { get; }

    /// <summary>Bytes of one state at this precision (both parts).</summary>
    public static long Bytes(int qubits) => 2L * sizeof(T) << qubits;

    /// <summary>Allocates and zeroes memory for |0…0⟩ without the amplitude set; the zeroing is split over
    /// <paramref name="threads"/> so page faults are taken in parallel.</summary>
    public static NativeState<T> AllocateZeroed(int qubits, int threads)
    {
        var bytes = (nuint)Bytes(qubits);
        var alignment = bytes >= HugePages.Size ? HugePages.Size : 64;
        var memory = NativeMemory.AlignedAlloc(bytes, alignment);
        HugePages.Request((nint)memory, bytes);
        const long chunk = 1 << 22;
        var chunks = (long)(bytes + chunk - 1) / chunk;
        if (threads <= 1 || chunks <= 1)
        {
            NativeMemory.Clear(memory, bytes);
        }
        else
        {
            var start = (byte*)memory;
            Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = threads }, c =>
            {
                var offset = c * chunk;
                NativeMemory.Clear(start + offset, (nuint)Math.Min(chunk, (long)bytes - offset));
            });
        }

        return new NativeState<T>(qubits, memory);
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
            NativeMemory.AlignedFree(_memory);
            _memory = null;
        }
    }
}
