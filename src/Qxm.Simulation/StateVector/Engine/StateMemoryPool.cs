using System.Runtime.InteropServices;

namespace Qxm.Simulation.StateVector.Engine;

/// <summary>Keeps the memory of the last large state for the next run of the same size, for a few seconds. Fresh pages
/// from the operating system arrive zeroed by the kernel as the first pass touches them (2 MiB at a time with huge
/// pages): in a profile of `qxm bench` on random_24_d10 that zeroing was about a sixth of all samples. The engine never needs
/// zeroed memory (its first pass writes every amplitude of |0…0⟩ itself, or on fresh memory, which reads as zeros, only
/// those it computes), so reused memory is as good as fresh. A run's memory may also be faulted in ahead
/// (<see cref="Prepare"/>), while the run is stored and dispatched.</summary>
internal static unsafe class StateMemoryPool
{
    /// <summary>Smaller states are cheap to allocate and not worth holding on to.</summary>
    public const long MinimumBytes = 32L << 20;

    private static readonly TimeSpan Keep = TimeSpan.FromSeconds(10);

    /// <summary>How long memory faulted in ahead of a run waits for it.</summary>
    private static readonly TimeSpan KeepPrepared = TimeSpan.FromSeconds(60);
    private static readonly Lock Gate = new();
    private static readonly Timer Releaser = new(_ => Release(), null, Timeout.Infinite, Timeout.Infinite);
    private static readonly Timer PreparedReleaser = new(_ => ReleasePrepared(), null, Timeout.Infinite, Timeout.Infinite);

    private static void* _memory;
    private static nuint _bytes;
    private static Task<nint>? _preparing;
    private static nuint _preparingBytes;

    /// <summary>Memory of <paramref name="bytes"/> bytes: faulted in ahead by <see cref="Prepare"/> (zeroed, pages
    /// present; waited for if still under way), a previous run's (not zeroed), or fresh from the system (zeroed, pages
    /// not yet touched). Memory being prepared for another size is left to its own run.</summary>
    public static void* Take(nuint bytes, out StateMemoryOrigin origin)
    {
        Task<nint>? preparing = null;
        lock (Gate)
        {
            if (_preparing is not null && _preparingBytes == bytes)
            {
                preparing = _preparing;
                _preparing = null;
            }
            else if (_memory != null && _bytes == bytes)
            {
                var memory = _memory;
                _memory = null;
                origin = StateMemoryOrigin.Reused;
                return memory;
            }
        }

        if (preparing?.GetAwaiter().GetResult() is { } prepared and not 0)
        {
            origin = StateMemoryOrigin.Prepared;
            return (void*)prepared;
        }

        // A held block of another size would only stand in the way of this allocation.
        Release();
        origin = StateMemoryOrigin.Fresh;
        return NativeMemory.AllocZeroed(bytes);
    }

    /// <summary>Starts allocating <paramref name="bytes"/> bytes on a pool thread and faulting them in
    /// (<paramref name="populate"/> gets the block's address), for the next <see cref="Take"/> of that size; nothing
    /// when a block of that size is held or one is already being prepared. Memory the system cannot give now is left to
    /// the run, which then fails with the figures as before.</summary>
    public static void Prepare(nuint bytes, Action<nint> populate)
    {
        lock (Gate)
        {
            if (_preparing is not null || (_memory != null && _bytes == bytes))
            {
                return;
            }
        }

        // A held block of another size would only stand in the way of this one.
        Release();
        lock (Gate)
        {
            if (_preparing is not null)
            {
                return;
            }

            _preparingBytes = bytes;
            _preparing = Task.Run(() =>
            {
                nint memory;
                try
                {
                    memory = (nint)NativeMemory.AllocZeroed(bytes);
                }
                catch (OutOfMemoryException)
                {
                    return 0;
                }

                populate(memory);
                return memory;
            });
            PreparedReleaser.Change(KeepPrepared, Timeout.InfiniteTimeSpan);
        }
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

    /// <summary>Frees the previous run's memory, if held (memory prepared for a run is left to that run, or to its
    /// timer).</summary>
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

    /// <summary>Frees memory prepared for a run that did not take it, once it is ready.</summary>
    private static void ReleasePrepared()
    {
        Task<nint>? preparing;
        lock (Gate)
        {
            preparing = _preparing;
            _preparing = null;
        }

        if (preparing is not null)
        {
            NativeMemory.Free((void*)preparing.GetAwaiter().GetResult());
        }
    }
}
