using Qxm.Circuits.Validation;
using Qxm.Domain.Backends;
using Qxm.Domain.Errors;

namespace Qxm.Engine.Tests.Validation;

/// <summary>Lint: warnings kept apart from errors, never blocking. Lines count the 3-line header.</summary>
public sealed class LintTests
{
    private static readonly Target Ideal = new(20, 1000, 1000);

    private static List<Diagnostic> Warnings(string body, IReadOnlyList<IReadOnlyDictionary<string, double>>? points = null)
    {
        var diagnostics = Validate.Program(body, Ideal, points: points);
        Assert.Empty(Validate.Errors(diagnostics));
        return [.. diagnostics.Where(d => d.Severity == DiagnosticSeverity.Warning)];
    }

    [Fact]
    public void CleanCircuit_HasNoWarnings() =>
        Assert.Empty(Warnings("qubit[2] q;\nbit[2] c;\nh q[0];\ncx q[0], q[1];\nc = measure q;\n"));

    [Fact]
    public void UnusedQubits_AreNamed()
    {
        var warning = Assert.Single(Warnings("qubit[4] q;\nbit[1] c;\nh q[1];\nc[0] = measure q[1];\n"));

        Assert.Equal(ValidationRules.UnusedQubit, warning.Rule);
        Assert.StartsWith("qubits q[0], q[2], q[3] are declared but never used", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GateAfterFinalMeasurement_IsFlaggedAtTheGate()
    {
        var warning = Assert.Single(Warnings("qubit[1] q;\nbit[1] c;\nc[0] = measure q[0];\nx q[0];\n"));

        Assert.Equal((ValidationRules.OperationAfterFinalMeasurement, 7), (warning.Rule, warning.Line));
        Assert.Contains("x on q[0] comes after that qubit's final measurement (line 6)", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MeasurementOverwrittenBeforeRead_IsFlagged_ReadInBetween_IsNot()
    {
        var overwritten = Assert.Single(Warnings("qubit[2] q;\nbit[1] c;\nc[0] = measure q[0];\nc[0] = measure q[1];\n"));
        Assert.Equal((ValidationRules.OverwrittenMeasurement, 7), (overwritten.Rule, overwritten.Line));

        Assert.DoesNotContain(
            Warnings("qubit[2] q;\nbit[1] c;\nc[0] = measure q[0];\nif (c[0]) { x q[1]; }\nc[0] = measure q[1];\n"),
            w => w.Rule == ValidationRules.OverwrittenMeasurement);
    }

    [Theory]
    [InlineData("h q[0];\nh q[0];\n", "h follows h on q[0]")]
    [InlineData("x q[1];\nx q[1];\n", "x follows x on q[1]")]
    [InlineData("cx q[0], q[1];\ncx q[0], q[1];\n", "cx follows cx on q[0], q[1]")]
    public void AdjacentSelfInversePair_IsFlagged(string pair, string message)
    {
        var warning = Assert.Single(Warnings($"qubit[2] q;\nbit[2] c;\n{pair}c = measure q;\n"), w => w.Rule == ValidationRules.SelfInversePair);

        Assert.Equal(7, warning.Line);
        Assert.Contains(message, warning.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("h q[0];\nx q[0];\nh q[0];\n")]
    [InlineData("cx q[0], q[1];\nh q[1];\ncx q[0], q[1];\n")]
    [InlineData("cx q[0], q[1];\ncx q[1], q[0];\n")]
    public void NonAdjacentOrDifferentOperands_AreNotFlagged(string gates) =>
        Assert.DoesNotContain(Warnings($"qubit[2] q;\nbit[2] c;\n{gates}c = measure q;\n"), w => w.Rule == ValidationRules.SelfInversePair);

    [Fact]
    public void SweepWithIdenticalPoints_IsFlagged_NamingTheUnusedParameter()
    {
        var points = new[] { 0.1, 0.2, 0.3 }
            .Select(v => (IReadOnlyDictionary<string, double>)new Dictionary<string, double> { ["theta"] = 0.5, ["phi"] = v })
            .ToList();

        var warning = Assert.Single(Warnings("input float theta;\ninput float phi;\nqubit[1] q;\nbit[1] c;\nrz(theta) q[0];\nc[0] = measure q[0];\n", points));

        Assert.Equal(ValidationRules.IdenticalSweepPoints, warning.Rule);
        Assert.Contains("2 of 3 sweep points produce a circuit identical to an earlier one", warning.Message, StringComparison.Ordinal);
        Assert.Contains("no gate reads 'phi'", warning.Message, StringComparison.Ordinal);
    }
}
