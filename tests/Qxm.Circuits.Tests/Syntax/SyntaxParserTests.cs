using Qxm.Circuits.Syntax;

namespace Qxm.Circuits.Tests.Syntax;

public class SyntaxParserTests
{
    [Fact]
    public void Parse_EveryNode_CarriesFileLineColumnAndLength()
    {
        var tree = SyntaxParser.Parse("qubit[2] q;\nrx(pi / 2) q[1];\n", "bell.qasm");

        Assert.Empty(tree.Diagnostics);
        var call = Assert.IsType<GateCallSyntax>(tree.Root.Statements[1]);
        Assert.Equal("bell.qasm", tree.Source.File);
        Assert.Equal(new TextSpan(12, 16), call.Span);
        Assert.Equal((2, 1), (tree.Source.Locate(call.Span.Start).Line, tree.Source.Locate(call.Span.Start).Column));
        var angle = Assert.IsType<BinarySyntax>(Assert.Single(call.Arguments));
        Assert.Equal((2, 4, 6), (tree.Source.Locate(angle.Span.Start).Line, tree.Source.Locate(angle.Span.Start).Column, angle.Span.Length));
        var qubit = Assert.IsType<IndexSyntax>(Assert.Single(call.Qubits));
        Assert.Equal((2, 12, 4), (tree.Source.Locate(qubit.Span.Start).Line, tree.Source.Locate(qubit.Span.Start).Column, qubit.Span.Length));
        Assert.Equal((1, 1), (tree.Source.Locate(0).Line, tree.Source.Locate(0).Column));
    }

    [Theory]
    [InlineData("-2 ** 2", "-((2 ** 2))")]
    [InlineData("1 + 2 * 3 ** 2 ** 2", "(1 + (2 * (3 ** (2 ** 2))))")]
    [InlineData("a || b && c | d ^ e & f == g < h << i + j * k", "(a || (b && (c | (d ^ (e & (f == (g < (h << (i + (j * k))))))))))")]
    [InlineData("!c[0] && ~b", "(!(c[0]) && ~(b))")]
    [InlineData("q[1:2] ++ r[0:2:4] ++ s", "((q[1:2] ++ r[0:2:4]) ++ s)")]
    [InlineData("int[8](x) + sizeof(a, 1)", "(int[8](x) + sizeof(a, 1))")]
    [InlineData("100ns + 2.5us * 3 - 10dt", "((100ns + (2.5us * 3)) - 10dt)")]
    public void Parse_Expressions_FollowOpenQasm3Precedence(string expression, string expected)
    {
        var tree = SyntaxParser.Parse($"x = {expression};", "e.qasm");

        Assert.Empty(tree.Diagnostics);
        var assignment = Assert.IsType<AssignmentSyntax>(Assert.Single(tree.Root.Statements));
        Assert.Equal(expected, SyntaxWriter.Write(assignment.Value));
    }

    [Fact]
    public void Parse_OpenQasm2Caret_IsThePowerOperator()
    {
        var tree = SyntaxParser.Parse("OPENQASM 2.0;\nqreg q[1];\nU(-2^2, 0, 0) q[0];\n", "v2.qasm");

        Assert.Empty(tree.Diagnostics);
        Assert.Equal(2, tree.Root.LanguageVersion);
        var call = Assert.IsType<GateCallSyntax>(tree.Root.Statements[1]);
        Assert.Equal("-((2 ** 2))", SyntaxWriter.Write(call.Arguments[0]));
    }

    [Fact]
    public void Parse_WithoutVersionStatement_IsOpenQasm3()
    {
        var tree = SyntaxParser.Parse("qubit q;\n", "v3.qasm");

        Assert.Null(tree.Root.Version);
        Assert.Equal(3, tree.Root.LanguageVersion);
    }

    [Fact]
    public void Parse_CalibrationBlocks_AreKeptVerbatim()
    {
        const string defcal = "defcal rz(angle[20] theta) $0 {\n  shift_phase drive($0), -theta; play d, gaussian(...);\n}";
        var tree = SyntaxParser.Parse($"defcalgrammar \"openpulse\";\n{defcal}\ncal {{ port p; }}\n", "cal.qasm");

        Assert.Empty(tree.Diagnostics);
        Assert.Equal("openpulse", Assert.IsType<CalibrationGrammarSyntax>(tree.Root.Statements[0]).Grammar);
        var calibration = Assert.IsType<CalibrationSyntax>(tree.Root.Statements[1]);
        Assert.Equal(("defcal", "rz", defcal), (calibration.Keyword, calibration.Target, calibration.Text));
        Assert.Equal("cal { port p; }", Assert.IsType<CalibrationSyntax>(tree.Root.Statements[2]).Text);
    }

    [Fact]
    public void Parse_ArraysAndSubroutineArguments_AreRead()
    {
        var tree = SyntaxParser.Parse(
            "array[float[32], 4, 2] m = {{0.5, 0.5}, {1.0, 2.0}, {-0.4, 0.7}, {1.3, -2.1e-2}};\n" +
            "def f(readonly array[int[32], #dim=3] a, mutable array[uint[8], 3] b, qubit[2] r) -> int { return sizeof(a, 2); }\n" +
            "m[0:1] = m[2:3];\n", "arrays.qasm");

        Assert.Empty(tree.Diagnostics);
        var declaration = Assert.IsType<ClassicalDeclarationSyntax>(tree.Root.Statements[0]);
        Assert.True(declaration.Type.IsArray);
        Assert.Equal(2, declaration.Type.Dimensions.Length);
        Assert.Equal(4, Assert.IsType<SetSyntax>(declaration.Initializer).Items.Length);
        var subroutine = Assert.IsType<SubroutineSyntax>(tree.Root.Statements[1]);
        Assert.Equal(["readonly", "mutable", null], subroutine.Parameters.Select(p => p.Access));
        Assert.NotNull(subroutine.Parameters[0].Type.DimensionCount);
    }

    [Fact]
    public void Parse_SyntaxError_IsReportedAtItsToken_AndTheNextStatementIsRead()
    {
        var tree = SyntaxParser.Parse("qubit q;\nh q\nx q;\nif (true) { y q; z q }\ns q;\n", "err.qasm");

        Assert.Equal(["err.qasm:3:1: expected ';' but found 'x'", "err.qasm:4:22: expected ';' but found '}'"],
            tree.Diagnostics.Select(d => d.ToString()));
        Assert.IsType<GateCallSyntax>(tree.Root.Statements[^1]);
    }

    [Fact]
    public void Parse_NestingPastTheLimit_IsOneDiagnostic_NotAStackOverflow()
    {
        var deep = string.Concat(Enumerable.Repeat("if (true) { ", 5_000)) + string.Concat(Enumerable.Repeat("}", 5_000));
        var parenthesised = "x = " + new string('(', 100_000) + "1" + new string(')', 100_000) + ";";

        var tree = SyntaxParser.Parse(deep + "\n" + parenthesised, "deep.qasm");

        Assert.Contains(tree.Diagnostics, d => d.Message.Contains("nested more than 200 levels", StringComparison.Ordinal));
    }
}
