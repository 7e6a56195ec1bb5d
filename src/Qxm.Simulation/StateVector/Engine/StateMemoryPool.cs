using System.Runtime.InteropServices;

namespace Qxm.Simulation.StateVector.Engine;

/// <summary>Keeps the memory of the last large state for the next run of the same size, for a few seconds. Fresh pages
/// from the operating system arrive zeroed by the kernel as the first pass touches them (2 MiB at a time with huge
/// pages): in a profile of `qxm bench` on random_24_d10 that zeroing was about a sixth of all samples. The engine never needs
/// zeroed memory (its first pass writes every amplitude of |0…0⟩ itself, or on fresh memory, which reads as zeros, only
/// those it computes), so reused memory is as good as fresh.</summary>
internal static unsafe class StateMemoryPool
{
    /// <summary>Smaller states are cheap to allocate and not worth holding on to.</summary>
    public const long MinimumBytes = 32L << 20;

    private static readonly TimeSpan Keep = TimeSpan.FromSeconds(10);
    private static readonly Lock Gate = new();
    private static readonly Timer Releaser = new(_ => Release(), null, Timeout.Infinite, Timeout.Infinite);
    private static void* _memory;
    private static nuint _bytes;

    /// <summary>Memory of <paramref name="bytes"/> bytes, not necessarily zeroed; <paramref name="fresh"/> when its
    /// pages have never been touched.</summary>
    public static void* Take(nuint bytes, out bool fresh)
    {
        lock (Gate)
        {
            if (_memory != null && _bytes == bytes)
            {
                var memory = _memory;
                _memory = null;
                fresh = false;
                return memory;
            }
        }

        // A held block of another size would only stand in the way of this allocation.
        Release();
        fresh = true;
        return NativeMemory.AllocZeroed(bytes);
    }

    public static void Return(void* memory, nuint bytes)
    {
        if ((long)bytes < MinimumBytes)
        {
            NativeMemory.Free(memory);
            return;
        }

        void* previous;
        lock (Gate)
        {
            previous = _memory;
            _memory = memory;
            _bytes = bytes;
            Releaser.Change(Keep, Timeout.InfiniteTimeSpan);
        }

        if (previous != null)
        {
            NativeMemory.Free(previous);
        }
    }

    /// <summary>Frees the held memory, if any.</summary>
    public static void Release()
    {
        void* memory;
        lock (Gate)
        {
            memory = _memory;
            _memory = null;
        }

        if (memory != null)
        {
            NativeMemory.Free(memory);
        }
    }
}
