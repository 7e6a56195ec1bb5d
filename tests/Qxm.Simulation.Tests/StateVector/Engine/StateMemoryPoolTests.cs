using System.Runtime.InteropServices;
using Qxm.Simulation.StateVector.Engine;

namespace Qxm.Simulation.Tests.StateVector.Engine;

/// <summary>Memory faulted in ahead of a run (<see cref="StateMemoryPool.Prepare"/>). The sizes are ones no other test
/// allocates, since the pool is shared by the tests running beside these.</summary>
public sealed class StateMemoryPoolTests
{
    [Fact]
    public unsafe void Take_AfterPrepareOfTheSameSize_WaitsForThePreparedZeroedBlock()
    {
        const nuint bytes = (37 << 20) + 4096;
        nint populated = 0;
        StateMemoryPool.Prepare(bytes, memory => populated = memory);

        var taken = StateMemoryPool.Take(bytes, out var origin);
        try
        {
            Assert.Equal(StateMemoryOrigin.Prepared, origin);
            Assert.Equal(populated, (nint)taken);
            Assert.True(new ReadOnlySpan<byte>(taken, (int)bytes).IndexOfAnyExcept((byte)0) < 0);
        }
        finally
        {
            NativeMemory.Free(taken);
        }
    }

    [Fact]
    public unsafe void Take_OfAnotherSize_GetsFreshMemoryAndLeavesThePreparedBlock()
    {
        const nuint prepared = (39 << 20) + 4096;
        const nuint wanted = (41 << 20) + 4096;
        var calls = 0;
        StateMemoryPool.Prepare(prepared, _ => Interlocked.Increment(ref calls));

        var taken = StateMemoryPool.Take(wanted, out var origin);
        NativeMemory.Free(taken);

        // The prepared block is still there for the run of its size.
        var later = StateMemoryPool.Take(prepared, out var laterOrigin);
        NativeMemory.Free(later);
        Assert.Equal(StateMemoryOrigin.Fresh, origin);
        Assert.Equal(StateMemoryOrigin.Prepared, laterOrigin);
        Assert.Equal(1, calls);
    }

    [Fact]
    public unsafe void Prepare_WhileOneIsUnderWay_StartsNoSecond()
    {
        const nuint bytes = (43 << 20) + 4096;
        using var release = new ManualResetEventSlim();
        var calls = 0;
        StateMemoryPool.Prepare(bytes, _ =>
        {
            Interlocked.Increment(ref calls);
            release.Wait();
        });
        StateMemoryPool.Prepare(bytes, _ => Interlocked.Increment(ref calls));
        release.Set();

        var taken = StateMemoryPool.Take(bytes, out var origin);
        NativeMemory.Free(taken);
        Assert.Equal(StateMemoryOrigin.Prepared, origin);
        Assert.Equal(1, calls);
    }

    /// <summary>A state on prepared memory counts as zeroed (its first pass may leave zero blocks as they are): the
    /// memory is fresh from the system, only faulted in.</summary>
    [Fact]
    public unsafe void Allocate_OnPreparedMemory_IsZeroedAndInsideThePreparedBlock()
    {
        const int qubits = 23;
        var bytes = (nuint)NativeState<float>.Bytes(qubits) + (1 << 20) + HugePages.Size;
        nint block = 0;
        StateMemoryPool.Prepare(bytes, memory => block = memory);

        using (var state = NativeState<float>.Allocate(qubits))
        {
            Assert.True(state.Zeroed);
            Assert.InRange((nint)state.Real, block, block + (nint)bytes - 1);
            Assert.Equal(0f, state.Real[state.Length - 1]);
        }

        StateMemoryPool.Release();
    }
}
