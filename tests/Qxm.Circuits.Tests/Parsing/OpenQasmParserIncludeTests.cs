using Qxm.Circuits.Ir;

namespace Qxm.Circuits.Tests.Parsing;

public class OpenQasmParserIncludeTests
{
    private static Func<string, string?> Files(Dictionary<string, string> files) =>
        name => files.TryGetValue(name, out var text) ? text : null;

    [Fact]
    public void Parse_ResolverSuppliedInclude_DefinesGatesInlinedLikeLocalOnes()
    {
        var asked = new List<string>();
        var files = new Dictionary<string, string> { ["lib/bell.inc"] = "gate bell a, b { h a; cx a, b; }\n" };

        var circuit = Programs.Valid(Programs.Header2 + "include \"lib/bell.inc\";\nqreg q[2];\nbell q[0], q[1];\n", name =>
        {
            asked.Add(name);
            return Files(files)(name);
        });

        Assert.Equal(["lib/bell.inc"], asked);
        Assert.Equal(["h 0", "cx 0,1"], OpenQasmParserTests.Operations(circuit));
        Assert.All(circuit.Operations, op => Assert.Equal(new SourceSpan(5, 1), op.Span));
    }

    [Fact]
    public void Parse_NestedIncludes_AreResolved()
    {
        var files = new Dictionary<string, string>
        {
            ["a.inc"] = "include \"b.inc\";\ngate a q { b q; }\n",
            ["b.inc"] = "gate b q { x q; }\n",
        };

        var circuit = Programs.Valid(Programs.Header2 + "include \"a.inc\";\nqreg q[1];\na q[0];\n", Files(files));

        Assert.Equal(["x 0"], OpenQasmParserTests.Operations(circuit));
    }

    [Fact]
    public void Parse_StandardIncludes_AreServedWithoutAskingTheResolver()
    {
        var circuit = Programs.Valid(Programs.Header2 + "qreg q[1];\nh q[0];\n", name => throw new InvalidOperationException(name));

        Assert.Single(circuit.Operations);
    }

    [Fact]
    public void Parse_ErrorInsideInclude_IsReportedInTheIncludedFile()
    {
        var files = new Dictionary<string, string> { ["broken.inc"] = "// first line\ngate g a {\n  h a\n}\n" };

        var diagnostic = Programs.Error(Programs.Header2 + "include \"broken.inc\";\n", Files(files));

        Assert.Equal(("broken.inc", "qasm.syntax", 4, 1, "expected ';' but found '}'"),
            (diagnostic.File, diagnostic.Rule, diagnostic.Line, diagnostic.Column, diagnostic.Message));
    }

    [Fact]
    public void Parse_DiagnosticAfterInclude_IsReportedInTheMainFileAgain()
    {
        var files = new Dictionary<string, string> { ["ok.inc"] = "gate g a { h a; }\n" };

        var diagnostic = Programs.Error(Programs.Header2 + "include \"ok.inc\";\nfoo;\n", Files(files));

        Assert.Equal(("test.qasm", 4), (diagnostic.File, diagnostic.Line));
    }

    [Fact]
    public void Parse_UserGateRedefinedByStandardInclude_IsReportedInTheInclude()
    {
        var diagnostic = Programs.Error("OPENQASM 2.0;\ngate h a { U(0,0,0) a; }\ninclude \"qelib1.inc\";\n");

        Assert.Equal(("qelib1.inc", "qasm.redefinition", "gate 'h' is already defined"), (diagnostic.File, diagnostic.Rule, diagnostic.Message));
        Assert.True(diagnostic.Line > 0);
    }

    [Fact]
    public void Parse_IncludeCycle_IsReportedOnce()
    {
        var files = new Dictionary<string, string> { ["a.inc"] = "include \"b.inc\";\n", ["b.inc"] = "include \"a.inc\";\n" };

        var diagnostic = Programs.Error("OPENQASM 2.0;\ninclude \"a.inc\";\n", Files(files));

        Assert.Equal(("b.inc", "qasm.redefinition", "'a.inc' is already included"), (diagnostic.File, diagnostic.Rule, diagnostic.Message));
    }

    [Fact]
    public void Parse_StdGatesInVersion2Program_ProvidesItsGates()
    {
        var circuit = Programs.Valid("OPENQASM 2.0;\ninclude \"stdgates.inc\";\nqreg q[2];\ncphase(1) q[0], q[1];\nCX q[0], q[1];\n");

        Assert.Equal(["cphase(1) 0,1", "CX 0,1"], OpenQasmParserTests.Operations(circuit));
    }

    [Fact]
    public void Parse_MissingIncludeWithoutResolver_IsNotFound()
    {
        var diagnostic = Programs.Error("OPENQASM 3;\ninclude \"other.inc\";\n");

        Assert.Equal(("qasm.include-not-found", 2, 9), (diagnostic.Rule, diagnostic.Line, diagnostic.Column));
    }
}
