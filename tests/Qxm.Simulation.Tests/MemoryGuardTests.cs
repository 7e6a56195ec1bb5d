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
    [InlineData(30, 8, true)]
    [InlineData(29, 16, true)]
    [InlineData(30, 16, false)]
    [InlineData(31, 8, false)]
    public void Check_TwentyGibibytesAvailable_Admits30SingleAnd29Double(int qubits, int bytesPerAmplitude, bool fits)
    {
        // About what a 24 GiB machine has available: the state and its probability table must both fit.
        var diagnostic = MemoryGuard.Check(qubits, bytesPerAmplitude, 20L << 30, "big.qasm");

        Assert.Equal(fits, diagnostic is null);
        if (!fits)
        {
            Assert.Contains($"{qubits}-qubit state needs {MemoryGuard.FormatBytes(bytesPerAmplitude * Math.Pow(2, qubits))}", diagnostic!.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Check_StateFitsButNotItsTable_RefusedWithBothFigures()
    {
        var diagnostic = MemoryGuard.Check(30, 16, 20L << 30, null);

        Assert.Equal("a 30-qubit state needs 16.0 GiB (and 8.0 GiB for its outcome probabilities) but only 20.0 GiB is available", diagnostic!.Message);
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
