using System.Runtime.InteropServices;
using Qxm.Simulation.StateVector.Engine;

namespace Qxm.Simulation.Tests.StateVector.Engine;

public sealed partial class HugePagesTests
{
    [Theory]
    [InlineData(1L << 20, null, false)]
    [InlineData(256L << 20, null, true)]
    [InlineData(512L << 20, null, true)]
    [InlineData(1L << 30, null, false)]
    [InlineData(1L << 30, "always", true)]
    [InlineData(256L << 20, "never", false)]
    [InlineData(1L << 20, "always", false)]
    public void Advises_BySizeUnlessOverridden(long bytes, string? setting, bool advised) =>
        Assert.Equal(advised, HugePages.Advises((nuint)bytes, setting));

    [Fact]
    public unsafe void Populate_FaultsInEveryPageBeforeAnyIsTouched()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        const nuint bytes = 24 << 20;
        var memory = NativeMemory.AlignedAlloc(bytes, HugePages.Size);
        try
        {
            HugePages.Populate((nint)memory, bytes, threads: 2, above: 0);

            var resident = new byte[(int)(bytes / 4096)];
            Assert.Equal(0, Mincore((nint)memory, bytes, resident));
            Assert.All(resident, page => Assert.Equal(1, page & 1));
        }
        finally
        {
            NativeMemory.AlignedFree(memory);
        }
    }

    [LibraryImport("libc", EntryPoint = "mincore")]
    private static partial int Mincore(nint address, nuint length, [Out] byte[] vector);
}
