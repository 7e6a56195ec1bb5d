using Qxm.Circuits.Ir;
using Qxm.Circuits.Parsing;
using Qxm.Domain.Errors;

namespace Qxm.Circuits.Tests.Parsing;

/// <summary>Parses test programs and fails the test with the diagnostics when the expectation is wrong.</summary>
internal static class Programs
{
    public const string Header2 = "OPENQASM 2.0;\ninclude \"qelib1.inc\";\n";
    public const string Header3 = "OPENQASM 3.0;\ninclude \"stdgates.inc\";\n";

    public static Circuit Valid(string source, Func<string, string?>? resolver = null)
    {
        var result = OpenQasmParser.Parse(source, "test.qasm", resolver);
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        Assert.Empty(result.Diagnostics);
        return result.Circuit!;
    }

    public static IReadOnlyList<Diagnostic> Invalid(string source, Func<string, string?>? resolver = null)
    {
        var result = OpenQasmParser.Parse(source, "test.qasm", resolver);
        Assert.False(result.Succeeded);
        Assert.NotEmpty(result.Diagnostics);
        return result.Diagnostics;
    }

    /// <summary>The only diagnostic of an invalid program.</summary>
    public static Diagnostic Error(string source, Func<string, string?>? resolver = null)
    {
        var diagnostics = Invalid(source, resolver);
        Assert.True(diagnostics.Count == 1, string.Join("\n", diagnostics));
        return diagnostics[0];
    }

    public static string Text(Circuit circuit) => circuit.ToCanonicalString();
}
