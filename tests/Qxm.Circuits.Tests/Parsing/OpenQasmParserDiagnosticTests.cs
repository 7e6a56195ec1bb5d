namespace Qxm.Circuits.Tests.Parsing;

public class OpenQasmParserDiagnosticTests
{
    private const string H = Programs.Header2;

    public static TheoryData<string, string, int, int, string> Cases() => new()
    {
        { H + "qreg q[2];\nx q[0]\nh q[1];\n", "qasm.syntax", 5, 1, "expected ';' but found 'h'" },
        { H + "qreg q[2;\n", "qasm.syntax", 3, 9, "expected ']' but found ';'" },
        { H + "qreg q[2];\nrx(pi/) q[0];\n", "qasm.syntax", 4, 7, "expected an expression but found ')'" },
        { H + "qreg q[2];\n42;\n", "qasm.syntax", 4, 1, "expected a statement but found '42'" },
        { H + "qreg q[2];\nh q[0];\n/* never closed\n", "qasm.syntax", 5, 1, "expected a statement but found an unterminated comment" },
        { H + "include \"unterminated;\n", "qasm.syntax", 3, 9, "expected a file name in quotes but found an unterminated string" },
        { H + "qreg q[2];\nh q[0]", "qasm.syntax", 4, 7, "expected ';' but found end of file" },
        { H + "qreg q[2];\ncreg c[2];\nmeasure q ;\n", "qasm.syntax", 5, 11, "expected '->' but found ';'" },
        { H + "qreg q[0];\n", "qasm.syntax", 3, 8, "a register needs at least one qubit but the size is 0" },
        { H + "qreg q[99999999999999999999];\n", "qasm.syntax", 3, 8, "integer 99999999999999999999 is too large" },
        { H + "gate g a { measure a -> c; }\n", "qasm.syntax", 3, 12, "'measure' is not allowed inside a gate body" },
        { H + "gate g a { h a[0]; }\n", "qasm.syntax", 3, 15, "qubit argument 'a' cannot be indexed inside a gate body" },
        { H + "qreg q[1];\ncreg c[1];\nif (c == 1) barrier q;\n", "qasm.syntax", 5, 13, "expected a gate call, 'measure' or 'reset' after 'if (...)' but found 'barrier'" },
        { "qubit q;\nsdg q;\n", "qasm.undefined-gate", 2, 1, "gate 'sdg' is not defined (missing include \"stdgates.inc\"?)" },
        { "include \"stdgates.inc\";\nOPENQASM 3.0;\n", "qasm.syntax", 2, 1, "the 'OPENQASM' header may only appear once, at the start of the program" },
        { "// comment\nOPENQASM 4.0;\n", "qasm.version", 2, 10, "unsupported OpenQASM version 4.0; expected 2.0 or 3.0" },
        { "OPENQASM two;\n", "qasm.version", 1, 10, "expected a version number but found 'two'" },
        { "OPENQASM 2.0;\ninclude \"missing.inc\";\n", "qasm.include-not-found", 2, 9, "include file 'missing.inc' was not found" },
        { "OPENQASM 2.0;\nqreg q[1];\nh q[0];\n", "qasm.undefined-gate", 3, 1, "gate 'h' is not defined (missing include \"qelib1.inc\"?)" },
        { H + "qreg q[1];\nfoo q[0];\n", "qasm.undefined-gate", 4, 1, "gate 'foo' is not defined" },
        { H + "gate g a { foo a; }\n", "qasm.undefined-gate", 3, 12, "gate 'foo' is not defined" },
        { H + "qreg q[1];\nh r[0];\n", "qasm.undefined-register", 4, 3, "quantum register 'r' is not declared" },
        { H + "qreg q[1];\ncreg c[1];\nh c[0];\n", "qasm.undefined-register", 5, 3, "'c' is a classical register, but a quantum one is needed here" },
        { H + "qreg q[1];\nmeasure q[0] -> d[0];\n", "qasm.undefined-register", 4, 17, "classical register 'd' is not declared" },
        { H + "qreg q[1];\nif (d == 1) x q[0];\n", "qasm.undefined-register", 4, 5, "classical register 'd' is not declared" },
        { H + "gate g a { cx a, b; }\n", "qasm.undefined-register", 3, 18, "'b' is not a qubit argument of gate 'g'" },
        { H + "qreg q[1];\nrx(theta) q[0];\n", "qasm.undefined-identifier", 4, 4, "identifier 'theta' is not defined" },
        { H + "qreg q[1];\nrx(foo(1)) q[0];\n", "qasm.undefined-identifier", 4, 4, "function 'foo' is not defined" },
        { H + "qreg q[1];\nqreg q[2];\n", "qasm.redefinition", 4, 6, "'q' is already declared" },
        { H + "qreg q[1];\ncreg q[2];\n", "qasm.redefinition", 4, 6, "'q' is already declared" },
        { H + "gate h a { U(0,0,0) a; }\n", "qasm.redefinition", 3, 6, "gate 'h' is already defined" },
        { "OPENQASM 2.0;\ngate g a { U(0,0,0) a; }\ngate g b { U(0,0,0) b; }\n", "qasm.redefinition", 3, 6, "gate 'g' is already defined" },
        { "OPENQASM 2.0;\ngate g(t, t) a { U(0,0,0) a; }\n", "qasm.redefinition", 2, 11, "parameter 't' is already declared" },
        { "OPENQASM 2.0;\ngate g a, a { U(0,0,0) a; }\n", "qasm.redefinition", 2, 11, "qubit argument 'a' is already declared" },
        { H + "include \"qelib1.inc\";\n", "qasm.redefinition", 3, 9, "'qelib1.inc' is already included" },
        { H + "qreg q[1];\ngate q a { U(0,0,0) a; }\n", "qasm.redefinition", 4, 6, "'q' is already declared as a register" },
        { H + "creg c[1];\nopaque c a;\n", "qasm.redefinition", 4, 8, "'c' is already declared as a register" },
        { H + "gate g a { U(0,0,0) a; }\nqreg g[1];\n", "qasm.redefinition", 4, 6, "'g' is already defined as a gate" },
        { H + "opaque o a;\ncreg o[1];\n", "qasm.redefinition", 4, 6, "'o' is already defined as a gate" },
        { H + "creg x[1];\n", "qasm.redefinition", 3, 6, "'x' is already defined as a gate" },
        { "OPENQASM 2.0;\ngate my_gate(a) a { }\n", "qasm.redefinition", 2, 17, "qubit argument 'a' has the name of a parameter of the gate" },
        { "OPENQASM 2.0;\ngate g(t) a, t { }\n", "qasm.redefinition", 2, 14, "qubit argument 't' has the name of a parameter of the gate" },
        { H + "qreg q[2];\ncx q[0];\n", "qasm.qubit-count", 4, 1, "gate 'cx' takes 2 qubits but 1 was given" },
        { H + "qreg q[3];\nh q[0], q[1];\n", "qasm.qubit-count", 4, 1, "gate 'h' takes 1 qubit but 2 were given" },
        { H + "qreg q[1];\nrx q[0];\n", "qasm.parameter-count", 4, 1, "gate 'rx' takes 1 parameter but 0 were given" },
        { H + "qreg q[1];\nh(1, 2) q[0];\n", "qasm.parameter-count", 4, 1, "gate 'h' takes 0 parameters but 2 were given" },
        { H + "qreg q[2];\nh q[5];\n", "qasm.index-out-of-range", 4, 5, "index 5 is out of range for register 'q' of size 2" },
        { H + "qreg q[2];\ncreg c[2];\nmeasure q[0] -> c[2];\n", "qasm.index-out-of-range", 5, 19, "index 2 is out of range for register 'c' of size 2" },
        { H + "qreg q[2];\nqreg r[3];\ncx q, r;\n", "qasm.register-size-mismatch", 5, 7, "registers 'q' (size 2) and 'r' (size 3) have different sizes" },
        { H + "qreg q[2];\ncreg c[3];\nmeasure q -> c;\n", "qasm.register-size-mismatch", 5, 14, "cannot measure 'q' (size 2) into 'c' (size 3): the sizes differ" },
        { H + "qreg q[2];\ncreg c[2];\nmeasure q -> c[0];\n", "qasm.register-size-mismatch", 5, 14, "cannot measure 'q' (size 2) into c[0]: the sizes differ" },
        { H + "qreg q[2];\ncx q[1], q[1];\n", "qasm.duplicate-qubit", 4, 10, "qubit q[1] is used twice in one call of gate 'cx'" },
        { H + "qreg q[2];\ncx q, q[0];\n", "qasm.duplicate-qubit", 4, 7, "qubit q[0] is used twice in one call of gate 'cx'" },
        { H + "gate g a { cx a, a; }\n", "qasm.duplicate-qubit", 3, 18, "qubit 'a' is used twice in one call of gate 'cx'" },
        { H + "opaque magic a;\nqreg q[1];\nmagic q[0];\n", "qasm.opaque", 5, 1, "opaque gate 'magic' has no definition and cannot be simulated" },
        { H + "opaque magic a;\ngate wrap a { h a; magic a; }\nqreg q[1];\nwrap q[0];\n", "qasm.opaque", 6, 1, "opaque gate 'magic' has no definition and cannot be simulated" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Parse_InvalidProgram_ReportsExactDiagnostic(string source, string rule, int line, int column, string message)
    {
        var diagnostic = Programs.Error(source);

        Assert.Equal((rule, line, column, message), (diagnostic.Rule, diagnostic.Line, diagnostic.Column, diagnostic.Message));
        Assert.Equal("test.qasm", diagnostic.File);
    }

    [Fact]
    public void Parse_SeveralIndependentErrors_ReportsEachOnce()
    {
        const string source = H + "qreg q[2];\nh q[0]\nx q[1];\nfoo q[0];\ncx q[0];\nrx(1) q[0];\n";

        var diagnostics = Programs.Invalid(source);

        Assert.Equal(
            [("qasm.syntax", 5, 1), ("qasm.undefined-gate", 6, 1), ("qasm.qubit-count", 7, 1)],
            diagnostics.Select(d => (d.Rule, d.Line, d.Column)).ToArray());
    }

    [Fact]
    public void Parse_ErrorInGateBody_RecoversInsideTheBodyWithoutCascading()
    {
        const string source = H + "gate g a {\n  h a\n  x a;\n  foo a;\n}\nqreg q[1];\ng q[0];\nh q[0];\n";

        var diagnostics = Programs.Invalid(source);

        Assert.Equal(
            [("qasm.syntax", 5, 3), ("qasm.undefined-gate", 6, 3)],
            diagnostics.Select(d => (d.Rule, d.Line, d.Column)).ToArray());
    }

    [Fact]
    public void Parse_ManyErrors_StopsAfterALimit()
    {
        var source = H + "qreg q[1];\n" + string.Concat(Enumerable.Repeat("foo q[0];\n", 1000));

        var diagnostics = Programs.Invalid(source);

        Assert.InRange(diagnostics.Count, 1, 100);
    }

    [Fact]
    public void Parse_DeeplyNestedExpression_ReportsInsteadOfOverflowingTheStack()
    {
        var source = H + "qreg q[1];\nrx(" + new string('(', 100_000) + "1" + new string(')', 100_000) + ") q[0];\n";

        var diagnostic = Programs.Error(source);

        Assert.Equal("qasm.syntax", diagnostic.Rule);
        Assert.Contains("nested", diagnostic.Message, StringComparison.Ordinal);
    }
}
