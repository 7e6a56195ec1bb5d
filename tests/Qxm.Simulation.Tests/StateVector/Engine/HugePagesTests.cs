using Qxm.Simulation.StateVector.Engine;

namespace Qxm.Simulation.Tests.StateVector.Engine;

public sealed class HugePagesTests
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
}
