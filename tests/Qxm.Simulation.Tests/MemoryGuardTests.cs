using Qxm.Domain.Errors;

namespace Qxm.Simulation.Tests;

public class MemoryGuardTests
{
    [Theory]
    [InlineData(0, 16L)]
    [InlineData(10, 16_384L)]
    [InlineData(30, 17_179_869_184L)]
    [InlineData(58, 16L << 58)]
    [InlineData(59, long.MaxValue)]
    [InlineData(200, long.MaxValue)]
    public void RequiredBytes_Qubits_Is16TimesTwoToTheN(int qubits, long bytes)
    {
        Assert.Equal(bytes, MemoryGuard.RequiredBytes(qubits));
    }

    [Fact]
    public void Check_SixtyQubits_RefusedWithTheNumbers()
    {
        var diagnostic = MemoryGuard.Check(60, "big.qasm");

        Assert.NotNull(diagnostic);
        Assert.Equal("sim.too-large", diagnostic.Rule);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal("big.qasm", diagnostic.File);
        Assert.Contains("60-qubit", diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("16.0 EiB", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_AboveArrayLimitButSmall_Refused()
    {
        var diagnostic = MemoryGuard.Check(MemoryGuard.MaxQubits + 1);

        Assert.NotNull(diagnostic);
        Assert.Contains("32.0 GiB", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_TenQubits_Accepted()
    {
        Assert.Null(MemoryGuard.Check(10));
    }

    [Theory]
    [InlineData(512, "512 B")]
    [InlineData(16_384, "16.0 KiB")]
    [InlineData(24_804_163_584, "23.1 GiB")]
    public void FormatBytes_Value_UsesBinaryUnitsWithOneDecimal(double bytes, string text)
    {
        Assert.Equal(text, MemoryGuard.FormatBytes(bytes));
    }
}
