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
    /// above 512 MiB populated beforehand (<see cref="HugePages.Populate"/>), or ahead of the run (<see cref="Prepare"/>).
    /// Alignment is done by hand since the allocator has no alignment parameter.</summary>
    /// <param name="threads">Threads that populate fresh memory of a large state (<see cref="HugePages.Populate"/>).</param>
    public static NativeState<T> Allocate(int qubits, int threads = 1)
    {
        var (bytes, gap, alignment) = Layout(qubits);
        var allocated = bytes + gap + alignment;
        var memory = StateMemoryPool.Take(allocated, out var origin);
        var aligned = Align(memory, alignment);
        HugePages.Request((nint)aligned, bytes + gap);
        if (origin == StateMemoryOrigin.Fresh)
        {
            HugePages.Populate((nint)aligned, bytes + gap, threads);
        }

        return new NativeState<T>(qubits, memory, allocated, aligned, (long)(gap / (nuint)sizeof(T)), origin != StateMemoryOrigin.Reused);
    }

    /// <summary>Starts faulting in the memory of a state of <paramref name="qubits"/> qubits on a pool thread, for the next
    /// <see cref="Allocate"/> of that width; only for states that <see cref="Allocate"/> would populate
    /// (<see cref="HugePages.Populate"/>), smaller ones are faulted in by their first pass. It leaves one of the run's
    /// <paramref name="threads"/> to the work it overlaps, and takes the pages 2 MiB at a time: each call holds the address
    /// space's lock, which the runtime needs for every method it compiles (write-protecting code), and with 16 MiB pieces a
    /// protection change beside it waited 21-37 ms on average against 1.5-1.9 ms (measured in C on two loaded cores).</summary>
    public static void Prepare(int qubits, int threads)
    {
        var (bytes, gap, alignment) = Layout(qubits);
        if (bytes + gap <= HugePages.AdviseUpToBytes)
        {
            return;
        }

        StateMemoryPool.Prepare(bytes + gap + alignment, memory =>
        {
            using var activity = Diagnostics.SimulationActivities.Start(Diagnostics.SimulationActivities.MemoryAhead);
            var aligned = Align((void*)memory, alignment);
            HugePages.Request((nint)aligned, bytes + gap);
            HugePages.Populate((nint)aligned, bytes + gap, Math.Max(1, threads - 1), HugePages.AdviseUpToBytes, HugePages.Size);
        });
    }

    /// <summary>Bytes of the state, of the gap between its parts and of the alignment its allocation leaves room for.</summary>
    private static (nuint Bytes, nuint Gap, nuint Alignment) Layout(int qubits)
    {
        var bytes = (nuint)Bytes(qubits);
        var large = bytes >= HugePages.Size;
        return (bytes, large ? ImaginaryGapBytes : 0, large ? HugePages.Size : 64);
    }

    private static byte* Align(void* memory, nuint alignment) => (byte*)(((nuint)memory + alignment - 1) & ~(alignment - 1));

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
