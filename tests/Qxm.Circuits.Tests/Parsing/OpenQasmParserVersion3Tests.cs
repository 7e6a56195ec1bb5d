using Qxm.Circuits.Ir;

namespace Qxm.Circuits.Tests.Parsing;

public class OpenQasmParserVersion3Tests
{
    [Theory]
    [InlineData("OPENQASM 3.0;")]
    [InlineData("OPENQASM 3;")]
    public void Parse_Version3Header_IsAccepted(string header)
    {
        var circuit = Programs.Valid(header + "\nqubit q;\nU(0, 0, 0) q;\n");

        Assert.Equal(3, circuit.Version);
        Assert.Equal("U", Assert.IsType<GateOperation>(Assert.Single(circuit.Operations)).Name);
    }

    [Theory]
    [InlineData("include \"stdgates.inc\";\nqubit[2] q;\nh q[0];\ncx q[0], q[1];\n", 2)]
    [InlineData("// a comment first\nqreg q[1];\nU(0, 0, 0) q[0];\n", 1)]
    [InlineData("", 0)]
    public void Parse_NoVersionStatement_IsOpenQasm3(string source, int operations)
    {
        var circuit = Programs.Valid(source);

        Assert.Equal(3, circuit.Version);
        Assert.Equal(operations, circuit.Operations.Length);
    }

    [Fact]
    public void Parse_Registers_CarryTheSpanOfTheirNames()
    {
        var circuit = Programs.Valid("OPENQASM 3.0;\n// qubit in a comment\nqubit[2] q;\n  qreg r[1];\nbit c;\n");

        Assert.Equal([new SourceSpan(3, 10), new SourceSpan(4, 8)], circuit.QuantumRegisters.Select(r => r.Span));
        Assert.Equal(new SourceSpan(5, 5), Assert.Single(circuit.ClassicalRegisters).Span);
    }

    [Fact]
    public void Parse_Declarations_AcceptNewAndOldForms()
    {
        var circuit = Programs.Valid("OPENQASM 3.0;\nqubit[2] q;\nqubit a;\nqreg r[3];\nbit[2] c;\nbit b;\ncreg d[1];\n");

        Assert.Equal([new Register("q", 2, 0), new Register("a", 1, 2), new Register("r", 3, 3)], circuit.QuantumRegisters.ToArray());
        Assert.Equal([new Register("c", 2, 0), new Register("b", 1, 2), new Register("d", 1, 3)], circuit.ClassicalRegisters.ToArray());
    }

    [Fact]
    public void Parse_MeasureForms_AllProduceMeasurements()
    {
        var circuit = Programs.Valid(Programs.Header3 + "qubit[2] q;\nqubit r;\nbit[2] c;\nbit b;\nc = measure q;\nc[1] = measure q[0];\nb = measure r;\nmeasure q -> c;\nbit[2] e = measure q;\n");

        Assert.Equal(
            ["measure 0->0", "measure 1->1", "measure 0->1", "measure 2->2", "measure 0->0", "measure 1->1", "measure 0->3", "measure 1->4"],
            OpenQasmParserTests.Operations(circuit));
    }

    [Fact]
    public void Parse_GatesResetBarrier_Work()
    {
        var circuit = Programs.Valid(Programs.Header3 + """
            qubit[3] q;
            gate bell a, b { h a; cx a, b; }
            bell q[0], q[1];
            CX q[1], q[2];
            reset q[2];
            barrier q[0], q[2];
            barrier;
            cphase(π/2) q[0], q[-1];
            rz(tau / 4) q[1];
            rz(euler) q[1];
            """);

        Assert.Equal(
            ["h 0", "cx 0,1", "CX 1,2", "reset 2", "barrier 0,2", "barrier 0,1,2", "cphase(1.5707963267948966) 0,2", "rz(1.5707963267948966) 1", "rz(2.718281828459045) 1"],
            OpenQasmParserTests.Operations(circuit));
    }

    [Fact]
    public void Parse_Inputs_BecomeInputExpressionsAndAreListed()
    {
        var circuit = Programs.Valid(Programs.Header3 + """
            input float[64] theta;
            input float phi;
            input angle[20] unused;
            qubit q;
            gate twice(a) x { rx(2 * a) x; }
            rx(theta) q;
            twice(theta + pi) q;
            ry(-phi ** 2) q;
            """);

        Assert.Equal(["theta", "phi", "unused"], circuit.Inputs.ToArray());
        var parameters = circuit.Operations.Cast<GateOperation>().Select(g => g.Parameters.Single()).ToArray();
        Assert.Equal(new InputExpr("theta"), parameters[0]);
        Assert.Equal("(2*($theta+3.141592653589793))", parameters[1].ToCanonicalString());
        Assert.Equal("(-($phi^2))", parameters[2].ToCanonicalString());
        Assert.Equal(2 * (0.5 + Math.PI), parameters[1].Evaluate(new Dictionary<string, double> { ["theta"] = 0.5 }), 12);
        Assert.Contains("input theta\n", circuit.ToCanonicalString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Version3WithoutStdGates_HasOnlyU()
    {
        var diagnostic = Programs.Error("OPENQASM 3;\nqubit[2] q;\nCX q[0], q[1];\n");

        Assert.Equal(("qasm.undefined-gate", 3, 1, "gate 'CX' is not defined (missing include \"stdgates.inc\"?)"),
            (diagnostic.Rule, diagnostic.Line, diagnostic.Column, diagnostic.Message));
    }

    public static TheoryData<string, int, int, string> UnsupportedCases() => new()
    {
        { "while (c[0] == 1) { break; }", 1, 21, "'break' inside a branch decided at run time is not supported" },
        { "let a = c[0] ++ c[0];", 1, 17, "an alias of bits that do not follow one another in the circuit is not supported" },
        { "input duration d;", 1, 7, "input of type 'duration' is not supported" },
        { "input array[duration, 2] a;", 1, 13, "input of type 'duration' is not supported" },
        { "c = c * 2;", 1, 7, "operator '*' on measured bits and int is not supported" },
        { "int n = c;\nn *= 3;", 2, 6, "operator '*=' on a run-time 'int' and an int is not supported" },
        { "x q[0:2:1];", 1, 7, "a slice with a step other than 1 is not supported" },
        { "float f = c;", 1, 11, "storing measured bits in a variable of type 'float' (read them in an 'if' condition instead) is not supported" },
        { "rx(c) q[0];", 1, 4, "a gate parameter read from measured bits is not supported" },
        { "int n = c - 1;\nrx(n) q[0];", 2, 4, "a gate parameter read from an integer computed from measured bits is not supported" },
        { "pow(0.5) @ h q[0];", 1, 12, "'pow(0.5) @' on gate 'h' is not supported: only rotation gates take non-integer powers" },
        { "ctrl @ cz q[0], q[1], q[0];", 1, 23, "qubit q[0] is used twice in one call of gate 'cz'" },
        { "gate g a { while (true) { x a; } }", 1, 12, "'while' inside a gate body is not supported" },
        { "for int i in [0:1] { if (c[0] == 1) { break; } }", 1, 39, "'break' inside a branch decided at run time is not supported" },
    };

    [Theory]
    [MemberData(nameof(UnsupportedCases))]
    public void Parse_UnsupportedConstruct_ReportsItByNameAtItsPosition(string statement, int line, int column, string message)
    {
        var diagnostic = Programs.Error("OPENQASM 3;\ninclude \"stdgates.inc\";\nqubit[2] q;\nbit[2] c;\n" + statement + "\nx q[0];\n");

        Assert.Equal((line + 4, column, message), (diagnostic.Line, diagnostic.Column, diagnostic.Message));
    }

    [Fact]
    public void Parse_UnsupportedInsideBlocks_SkipsOneStatementEach()
    {
        var diagnostics = Programs.Invalid(Programs.Header3 + "qubit q;\nbit c;\nif (c == 1) { array[bit, 2] v; } else { y q; }\nx q;\nfor uint i in [0:2] { array[bit, 2] w; }\n");

        Assert.Equal([("qasm.unsupported", 5), ("qasm.unsupported", 7)], diagnostics.Select(d => (d.Rule, d.Line)).ToArray());
    }
}
