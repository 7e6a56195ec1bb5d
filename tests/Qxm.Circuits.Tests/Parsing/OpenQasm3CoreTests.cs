using Qxm.Circuits.Ir;

namespace Qxm.Circuits.Tests.Parsing;

/// <summary>The OpenQASM 3 core: classical values computed at parse time, loops unrolled, subroutines inlined,
/// modifiers lowered to library gates, branches on measurements kept for the simulator, timing carried.</summary>
public class OpenQasm3CoreTests
{
    private static string[] Ops(string body) => OpenQasmParserTests.Operations(Programs.Valid(Programs.Header3 + body));

    [Fact]
    public void Parse_ClassicalDeclarationsAndArithmetic_FoldIntoGateParameters()
    {
        var ops = Ops("""
            qubit q;
            const int n = 3;
            int[8] k = n * 2 + 1;
            uint u = 10 % 4;
            float[64] f = 1.5;
            angle[20] a = -pi / 2;
            bool b = k > 6 && !(u == 3);
            k += 2;
            k = k << 1;
            if (b) rx(k) q; else ry(0) q;
            rz(f ** 2) q;
            rz(a) q;
            rz(float(7 / 2)) q;
            rz(int(2.9) | 4) q;
            """);

        Assert.Equal(["rx(18) 0", "rz(2.25) 0", "rz(4.71238898038469) 0", "rz(3) 0", "rz(6) 0"], ops);
    }

    [Fact]
    public void Parse_IntegerWidths_WrapAsTwosComplement()
    {
        Assert.Equal(["rx(-128) 0", "rx(255) 0"], Ops("qubit q;\nint[8] a = 127;\na += 1;\nuint[8] b = 511;\nrx(a) q;\nrx(b) q;\n"));
    }

    [Fact]
    public void Parse_ForLoopsOverRangesAndSets_Unroll()
    {
        var ops = Ops("""
            qubit[4] q;
            for int i in [0:3] { h q[i]; }
            for uint i in [3:-2:0] { x q[i]; }
            for i in {2, 0} { cx q[i], q[i + 1]; }
            for int i in [1:0] { z q[i]; }
            """);

        Assert.Equal(["h 0", "h 1", "h 2", "h 3", "x 3", "x 1", "cx 2,3", "cx 0,1"], ops);
    }

    [Fact]
    public void Parse_WhileBreakContinue_RunAtParseTime()
    {
        var ops = Ops("""
            qubit[3] q;
            int i = 0;
            while (i < 10) {
                i += 1;
                if (i == 2) continue;
                if (i > 3) { break; }
                x q[i - 1];
            }
            """);

        Assert.Equal(["x 0", "x 2"], ops);
    }

    [Fact]
    public void Parse_RuntimeIfElse_BecomesAnIfOperation()
    {
        var circuit = Programs.Valid(Programs.Header3 + """
            qubit[2] q;
            bit[2] c;
            c[0] = measure q[0];
            if (c[0] == 1) { x q[1]; } else { h q[1]; z q[1]; }
            if (c == 2 || !c[1]) x q[0];
            if (c >= 1 && true) x q[0];
            """);

        var branch = Assert.IsType<IfOperation>(circuit.Operations[1]);
        Assert.Equal(new ClbitComparison(0, 1, "==", 1), branch.Condition);
        Assert.Equal(["x 1"], branch.Then.Select(o => ((GateOperation)o).Name + " 1").ToArray());
        Assert.Equal(2, branch.Else.Length);
        Assert.Equal("if ((0:2==2)||(!(1:1!=0))) {x 0;} else {}", OpenQasmParserTests.Operations(circuit)[2]);
        Assert.Equal("if (0:2>=1) {x 0;} else {}", OpenQasmParserTests.Operations(circuit)[3]);
        Assert.True(circuit.NeedsPerShotSimulation);
    }

    [Fact]
    public void Parse_IfOnParseTimeValue_TakesOneBranchOnly()
    {
        Assert.Equal(["x 0"], Ops("qubit q;\nconst bool debug = false;\nif (debug) { h q; } else { x q; }\n"));
    }

    [Fact]
    public void Parse_Modifiers_LowerToLibraryGates()
    {
        var ops = Ops("""
            qubit[4] q;
            ctrl @ x q[0], q[1];
            ctrl(2) @ x q[0], q[1], q[2];
            negctrl @ z q[0], q[1];
            inv @ s q[0];
            inv @ rx(0.5) q[0];
            pow(2) @ t q[0];
            pow(0.5) @ rz(1) q[0];
            inv @ pow(3) @ sx q[0];
            ctrl @ gphase(0.25) q[0];
            gphase(1);
            ctrl @ inv @ U(1, 2, 3) q[0], q[1];
            """);

        Assert.Equal(
        [
            "cx 0,1", "ccx 0,1,2", "x 0", "cz 0,1", "x 0", "sdg 0", "rx(-0.5) 0", "t 0", "t 0", "rz(0.5) 0",
            "sxdg 0", "sxdg 0", "sxdg 0", "p(0.25) 0", "cu(-1,-3,-2,0) 0,1",
        ], ops);
    }

    [Fact]
    public void Parse_ModifiedDefinedGate_DistributesOverItsBody()
    {
        var ops = Ops("""
            qubit[3] q;
            gate bell a, b { h a; cx a, b; }
            gate phased(t) a { gphase(t); rz(t) a; }
            inv @ bell q[0], q[1];
            ctrl @ bell q[2], q[0], q[1];
            ctrl @ phased(0.5) q[0], q[1];
            gate cnot2 a, b { ctrl @ x a, b; }
            cnot2 q[1], q[2];
            """);

        Assert.Equal(["cx 0,1", "h 0", "ch 2,0", "ccx 2,0,1", "p(0.5) 0", "crz(0.5) 0,1", "cx 1,2"], ops);
    }

    [Fact]
    public void Parse_Subroutines_AreInlinedWithArguments()
    {
        var ops = Ops("""
            qubit[3] q;
            def entangle(qubit a, qubit b) { h a; cx a, b; }
            def twice(int n) -> int { return 2 * n; }
            def ladder(qubit[3] r, int depth) {
                for int i in [0:depth - 1] { x r[i]; }
                return;
                z r[0];
            }
            entangle(q[0], q[1]);
            rx(twice(3)) q[2];
            ladder(q, 2);
            """);

        Assert.Equal(["h 0", "cx 0,1", "rx(6) 2", "x 0", "x 1"], ops);
    }

    [Fact]
    public void Parse_RecursiveSubroutine_RunsToItsBaseCase()
    {
        Assert.Equal(["rx(120) 0"], Ops("qubit q;\ndef fact(int n) -> int { if (n <= 1) { return 1; } return n * fact(n - 1); }\nrx(fact(5)) q;\n"));
    }

    [Fact]
    public void Parse_SlicesAndComputedIndices_SelectQubits()
    {
        Assert.Equal(["x 1", "x 2", "h 3", "barrier 0,1"], Ops("qubit[4] q;\nconst int k = 1;\nx q[k:k + 1];\nh q[-1];\nbarrier q[0:1];\n"));
    }

    [Fact]
    public void Parse_OutputAndInputDeclarations_AreAccepted()
    {
        var circuit = Programs.Valid(Programs.Header3 + "input angle theta;\noutput bit[2] result;\noutput float energy;\nqubit[2] q;\nrx(theta) q[0];\nresult = measure q;\n");

        Assert.Equal(["theta"], circuit.Inputs.ToArray());
        Assert.Equal(new Register("result", 2, 0), Assert.Single(circuit.ClassicalRegisters));
    }

    [Fact]
    public void Parse_Timing_IsCarriedAsDelayAndBox()
    {
        var circuit = Programs.Valid(Programs.Header3 + """
            qubit[2] q;
            duration d = 50ns;
            stretch g;
            delay[2 * d] q[0];
            delay[g] q;
            delay[10dt] q[1];
            box[1us] { x q[0]; delay[200ns] q[1]; }
            box { h q[1]; }
            """);

        Assert.Equal(
        [
            "delay[100ns] 0", "delay[NaNstretch] 0,1", "delay[10dt] 1", "box[1000ns] {x 0;delay[200ns] 1;}", "box[NaNns] {h 1;}",
        ], OpenQasmParserTests.Operations(circuit));
        Assert.False(circuit.NeedsPerShotSimulation);
    }

    [Fact]
    public void Parse_OldArrayDeclarationForm_IsAccepted()
    {
        var circuit = Programs.Valid(Programs.Header3 + "qubit q[3];\nbit c[2];\n");

        Assert.Equal((3, 2), (circuit.QubitCount, circuit.ClbitCount));
    }

    [Fact]
    public void Parse_ScopedVariables_ShadowAndDisappear()
    {
        Assert.Equal(["rx(2) 0", "rx(1) 0"], Ops("qubit q;\nint k = 1;\n{ int k = 2; rx(k) q; }\nrx(k) q;\n"));
    }

    [Fact]
    public void Parse_CompoundAssignments_EachOperatorUpdatesTheVariable()
    {
        // 2*3=6, -1=5, /2=2, %2... kept apart so each operator's result is visible.
        var ops = Ops("""
            qubit q;
            int v = 2;
            v *= 3; rx(v) q;
            v -= 1; rx(v) q;
            v /= 2; rx(v) q;
            v <<= 3; rx(v) q;
            v >>= 1; rx(v) q;
            v %= 5; rx(v) q;
            v |= 4; rx(v) q;
            v &= 6; rx(v) q;
            v ^= 3; rx(v) q;
            v **= 2; rx(v) q;
            float f = 1.5;
            f **= 2; rx(f) q;
            """);

        Assert.Equal(["rx(6) 0", "rx(5) 0", "rx(2) 0", "rx(16) 0", "rx(8) 0", "rx(3) 0", "rx(7) 0", "rx(6) 0", "rx(5) 0", "rx(25) 0", "rx(2.25) 0"], ops);
    }

    [Fact]
    public void Parse_Switch_RunsTheMatchingCaseOrTheDefault()
    {
        var ops = Ops("""
            qubit q;
            for int i in [0:3] {
              switch (i + 1) {
                case 1 { rx(1) q; }
                case 2, 3 { rx(23) q; }
                default { rx(0) q; }
              }
            }
            const int k = 7;
            switch (k) { case 1 { x q; } }
            """);

        Assert.Equal(["rx(1) 0", "rx(23) 0", "rx(23) 0", "rx(0) 0"], ops);
    }

    [Theory]
    [InlineData("int i = 1;\nswitch (i) { case 1 { } case 1 { } }\n", "qasm.type", 5, 30, "the case value 1 appears twice in this 'switch'")]
    [InlineData("int i = 1;\nswitch (i) { default { } case 2 { } }\n", "qasm.syntax", 5, 26, "'case' after 'default': the default comes last")]
    [InlineData("switch (1.5) { default { } }\n", "qasm.type", 4, 9, "a 'switch' target must be an int or measured bits, not a float")]
    [InlineData("int i = 1;\nswitch (i) { case 0.5 { } }\n", "qasm.type", 5, 19, "a 'case' value must be an integer constant, not a float")]
    [InlineData("int i = 1;\nswitch (i) { x q; }\n", "qasm.syntax", 5, 14, "expected 'case' or 'default' but found 'x'")]
    [InlineData("bit[2] c;\nswitch (c) { case 1 { } case 1 { } }\n", "qasm.type", 5, 30, "the case value 1 appears twice in this 'switch'")]
    [InlineData("bit[2] c;\nswitch (c) { case 1 { break; } }\n", "qasm.syntax", 5, 23, "'break' outside a loop")]
    public void Parse_BadSwitch_Refused(string body, string rule, int line, int column, string message)
    {
        var diagnostic = Programs.Error(Programs.Header3 + "qubit q;\n" + body);

        Assert.Equal((rule, line, column, message), (diagnostic.Rule, diagnostic.Line, diagnostic.Column, diagnostic.Message));
    }

    [Fact]
    public void Parse_SetOfConsecutiveIndices_IsTheSlice()
    {
        Assert.Equal(Ops("qubit[4] q;\nx q[1:2];\nlet pair = q[2:3];\ncx pair[0], pair[1];\n"),
            Ops("qubit[4] q;\nx q[{1, 2}];\nlet pair = q[{2, 3}];\ncx pair[0], pair[1];\n"));
    }

    [Fact]
    public void Parse_SubroutineCalledLikeAGate_SaysHowToCallIt()
    {
        var diagnostic = Programs.Error(Programs.Header3 + "def prep(qubit[2] q) { h q[0]; }\nqubit[2] r;\nprep r;\n");

        Assert.Equal((5, 1, "gate 'prep' is not defined ('prep' is a subroutine: call it as 'prep(...)')"), (diagnostic.Line, diagnostic.Column, diagnostic.Message));
    }

    [Fact]
    public void Parse_SwitchOnMeasuredBits_IsAChainOfRuntimeIfs()
    {
        const string Declarations = "qubit[2] q;\nbit[2] c;\nc = measure q;\n";
        var switched = Programs.Valid(Programs.Header3 + Declarations
            + "switch (c) {\n  case 0 { x q[0]; }\n  case 1, 2 { y q[0]; }\n  default { z q[0]; }\n}\n");
        var chained = Programs.Valid(Programs.Header3 + Declarations
            + "if (c == 0) { x q[0]; } else { if (c == 1 || c == 2) { y q[0]; } else { z q[0]; } }\n");

        Assert.Equal(Programs.Text(chained), Programs.Text(switched));
        Assert.Equal(Programs.Text(switched), Programs.Text(Programs.Valid(Qxm.Circuits.Export.OpenQasm3Writer.Write(switched))));
    }

    [Fact]
    public void Parse_ExternDeclarations_AcceptedWhenNotCalled()
    {
        var ops = Ops("qubit q;\nextern f(int[32], float[64]) -> bit;\nextern g();\nextern h2(angle) -> int[8];\nx q;\n");

        Assert.Equal(["x 0"], ops);
    }

    /// <summary>The language check (no target) accepts a call of an extern as valid OpenQASM, with a warning at the call
    /// and no circuit, since no backend qxm runs provides the value; read for a target, the call is an error there.</summary>
    [Theory]
    [InlineData("extern f(int) -> int;\nint r = f(2);\nif (r == 1) { x q; }\n", 5, 9)]
    [InlineData("extern f(int);\nf(2);\n", 5, 1)]
    public void Parse_ExternCall_IsValidOnTheLanguageCheckAndRefusedForATarget(string body, int line, int column)
    {
        var source = Programs.Header3 + "qubit q;\n" + body;

        var alone = Qxm.Circuits.Parsing.OpenQasmParser.Parse(source, "test.qasm");
        var forTarget = Qxm.Circuits.Parsing.OpenQasmParser.Parse(source, "test.qasm", target: new Qxm.Domain.Backends.Target(4, 1000, 1));

        Assert.Null(alone.Circuit);
        var warning = Assert.Single(alone.Diagnostics);
        Assert.Equal(("qasm.extern-unavailable", line, column, false), (warning.Rule, warning.Line, warning.Column, warning.IsError));
        var error = Assert.Single(forTarget.Diagnostics);
        Assert.Equal(("qasm.extern-unavailable", line, column, true), (error.Rule, error.Line, error.Column, error.IsError));
        Assert.Equal("extern 'f' is not provided by the backend: no backend qxm runs provides externs, whose values are computed while a shot runs", error.Message);
    }

    [Theory]
    [InlineData("extern f(int);\nextern f(float);\n", "qasm.redefinition", 5, 8, "'f' is already declared")]
    [InlineData("extern rx(float);\n", "qasm.redefinition", 4, 8, "'rx' is already declared")]
    [InlineData("extern f(int -> int;\n", "qasm.syntax", 4, 20, "expected ')' to close the parameters opened at column 9 but found ';'")]
    public void Parse_BadExtern_Refused(string body, string rule, int line, int column, string message)
    {
        var diagnostic = Programs.Error(Programs.Header3 + "qubit q;\n" + body);

        Assert.Equal((rule, line, column, message), (diagnostic.Rule, diagnostic.Line, diagnostic.Column, diagnostic.Message));
    }

    [Fact]
    public void Parse_LetAliases_NameSlicesAndConcatenations()
    {
        var ops = Ops("""
            qubit[4] q;
            qubit[2] r;
            let first = q[0];
            let middle = q[1:2];
            let tail = q[3] ++ r;
            let all = q ++ r;
            x first;
            h middle;
            cx middle[1], tail[2];
            barrier all;
            """);

        Assert.Equal(["x 0", "h 1", "h 2", "cx 2,5", "barrier 0,1,2,3,4,5"], ops);
    }

    [Theory]
    [InlineData("bit[2] c;\nlet a = c[1] ++ c[0];\n", "qasm.unsupported", 5, 17, "an alias of bits that do not follow one another in the circuit is not supported")]
    [InlineData("let q = q[0];\n", "qasm.redefinition", 4, 5, "'q' is already declared")]
    [InlineData("if (true) { let a = q; }\nx a;\n", "qasm.undefined-register", 5, 3, "quantum register 'a' is not declared")]
    [InlineData("let a = q[5];\n", "qasm.index-out-of-range", 4, 11, "index 5 is out of range for register 'q' of size 4")]
    public void Parse_BadAlias_Refused(string body, string rule, int line, int column, string message)
    {
        var diagnostic = Programs.Error(Programs.Header3 + "qubit[4] q;\n" + body);

        Assert.Equal((rule, line, column, message), (diagnostic.Rule, diagnostic.Line, diagnostic.Column, diagnostic.Message));
    }
}
