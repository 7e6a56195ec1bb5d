using System.Text;
using Qxm.Circuits.Binding;
using Qxm.Circuits.Parsing;

namespace Qxm.Circuits.Tests.Parsing;

/// <summary>Every program here would expand exponentially (or run for hours) without its budget, so a missing or
/// late check shows up as a hung or out-of-memory test rather than a failed assertion.</summary>
public class ExpansionLimitsTests
{
    /// <summary>Gates that each call the previous one twice: the last expands to 2^levels operations.</summary>
    private static string Doubling(int version, int levels, string leaf)
    {
        var sb = new StringBuilder(version == 2 ? "OPENQASM 2.0;\ninclude \"qelib1.inc\";\n" : "OPENQASM 3.0;\ninclude \"stdgates.inc\";\n");
        sb.Append("gate g0 a { ").Append(leaf).Append(" }\n");
        for (var i = 1; i <= levels; i++)
        {
            sb.Append("gate g").Append(i).Append(" a { g").Append(i - 1).Append(" a; g").Append(i - 1).Append(" a; }\n");
        }

        sb.Append(version == 2 ? "qreg q[1];\n" : "qubit[1] q;\n");
        sb.Append('g').Append(levels).Append(" q[0];\n");
        return sb.ToString();
    }

    private static Domain.Errors.Diagnostic Refused(ParseResult result)
    {
        Assert.False(result.Succeeded);
        return Assert.Single(result.Diagnostics);
    }

    [Theory]
    [InlineData(2, 24)]
    [InlineData(3, 24)]
    [InlineData(2, 62)]
    [InlineData(3, 200)]
    public void Parse_GatesDoublingTheirCallee_RefusedAtTheCall(int version, int levels)
    {
        var source = Doubling(version, levels, "x a;");

        var diagnostic = Refused(OpenQasmParser.Parse(source, "doubling.qasm"));

        Assert.Equal("qasm.expansion-limit", diagnostic.Rule);
        Assert.Equal((levels + 5, 1), (diagnostic.Line, diagnostic.Column));
        Assert.Contains($"gate 'g{levels}'", diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("4,000,000", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_EmptyGatesDoubling_RefusedThoughTheyEmitNothing()
    {
        // Calls that produce no operation still take time to walk, so they are charged too.
        var diagnostic = Refused(OpenQasmParser.Parse(Doubling(3, 60, ""), "empty.qasm"));

        Assert.Equal("qasm.expansion-limit", diagnostic.Rule);
        Assert.Equal((65, 1), (diagnostic.Line, diagnostic.Column));
    }

    [Fact]
    public void Parse_DoublingUnderTheLimit_Accepted()
    {
        var result = OpenQasmParser.Parse(Doubling(2, 10, "x a;"), "small.qasm");

        Assert.True(result.Succeeded);
        Assert.Equal(1024, result.Circuit!.Operations.Length);
    }

    [Fact]
    public void Parse_BroadcastCall_ChargedPerQubit()
    {
        var limits = new ExpansionLimits { MaxOperations = 20 };
        var source = "OPENQASM 3.0;\ninclude \"stdgates.inc\";\ngate two a { x a; x a; }\nqubit[10] q;\ntwo q;\ntwo q[0];\n";

        var diagnostic = Refused(OpenQasmParser.Parse(source, "b.qasm", limits: limits));

        // Each call of 'two' costs itself plus two operations: 10 of them are 30, past 20.
        Assert.Equal(("qasm.expansion-limit", 5, 1), (diagnostic.Rule, diagnostic.Line, diagnostic.Column));
        Assert.Contains("on 10 qubits each", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ExactlyAtTheLimit_Accepted()
    {
        var limits = new ExpansionLimits { MaxOperations = 3 };
        var source = "OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit[2] q;\nbit[2] c;\nh q[0];\nc = measure q;\n";

        Assert.True(OpenQasmParser.Parse(source, "ok.qasm", limits: limits).Succeeded);
        var diagnostic = Refused(OpenQasmParser.Parse(source + "x q[1];\n", "over.qasm", limits: limits));
        Assert.Equal(("qasm.expansion-limit", 7, 1), (diagnostic.Rule, diagnostic.Line, diagnostic.Column));
    }

    [Fact]
    public void Parse_NestedPowers_RefusedAtTheDefinitionStep()
    {
        // Each level repeats the previous one 1024 times; the third is 2^30 calls of x.
        const string Source = """
            OPENQASM 3.0;
            include "stdgates.inc";
            gate p1 a { pow(1024) @ x a; }
            gate p2 a { pow(1024) @ p1 a; }
            gate p3 a { pow(1024) @ p2 a; }
            qubit q;
            p3 q;
            """;

        var result = OpenQasmParser.Parse(Source, "pow.qasm");

        Assert.False(result.Succeeded);
        var diagnostic = result.Diagnostics[0];
        Assert.Equal(("qasm.expansion-limit", 5, 13), (diagnostic.Rule, diagnostic.Line, diagnostic.Column));
        Assert.Contains("gate 'p2'", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ControlledDoubling_RefusedAtTheCall()
    {
        var source = Doubling(3, 40, "x a;").Replace("g40 q[0];", "qubit c;\nctrl @ g40 c, q[0];", StringComparison.Ordinal);

        var diagnostic = Refused(OpenQasmParser.Parse(source, "ctrl.qasm"));

        Assert.Equal(("qasm.expansion-limit", 46, 8), (diagnostic.Rule, diagnostic.Line, diagnostic.Column));
    }

    [Fact]
    public void Parse_LoopOverAHugeRange_RefusedBeforeUnrolling()
    {
        const string Source = "OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit q;\nfor int i in [0:1000000000000000000] { x q; }\n";

        var diagnostic = Refused(OpenQasmParser.Parse(Source, "range.qasm"));

        Assert.Equal(("qasm.loop-limit", 4, 17), (diagnostic.Rule, diagnostic.Line, diagnostic.Column));
    }

    [Fact]
    public void Parse_LoopEmittingPastTheLimit_RefusedAtTheGate()
    {
        // A million iterations are within the loop budget, but each applies h to 1,000 qubits: 10^9 operations.
        const string Source = "OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit[1000] q;\nfor int i in [1:1000000] {\n  h q;\n}\n";
        var limits = new ExpansionLimits { MaxOperations = 100_000 };

        var diagnostic = Refused(OpenQasmParser.Parse(Source, "loop.qasm", limits: limits));

        Assert.Equal(("qasm.expansion-limit", 5, 3), (diagnostic.Rule, diagnostic.Line, diagnostic.Column));
    }

    [Fact]
    public void Parse_NestedLoops_RefusedAtTheLoopBudget()
    {
        var limits = new ExpansionLimits { MaxLoopIterations = 1000 };
        const string Source = "OPENQASM 3.0;\nint n = 0;\nfor int i in [1:100] {\n  for int j in [1:100] { n += 1; }\n}\n";

        var diagnostic = Refused(OpenQasmParser.Parse(Source, "nested.qasm", limits: limits));

        Assert.Equal(("qasm.loop-limit", 4, 3), (diagnostic.Rule, diagnostic.Line, diagnostic.Column));
        Assert.Contains("1,000", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SubroutineCallingItselfTwice_RefusedAtTheCallBudget()
    {
        // Within the depth limit, but 2^60 calls.
        const string Source = """
            OPENQASM 3.0;
            include "stdgates.inc";
            qubit q;
            def f(int n) {
              if (n > 0) { f(n - 1); f(n - 1); }
            }
            f(60);
            """;
        var limits = new ExpansionLimits { MaxLoopIterations = 10_000 };

        var diagnostic = Refused(OpenQasmParser.Parse(Source, "calls.qasm", limits: limits));

        Assert.Equal(("qasm.loop-limit", 5, 16), (diagnostic.Rule, diagnostic.Line, diagnostic.Column));
    }

    [Fact]
    public void Parse_UnboundedRecursion_RefusedAtTheDepthLimit()
    {
        const string Source = """
            OPENQASM 3.0;
            def f(int n) {
              f(n + 1);
            }
            f(0);
            """;

        var diagnostic = Refused(OpenQasmParser.Parse(Source, "deep.qasm"));

        Assert.Equal(("qasm.recursion-limit", 3, 3), (diagnostic.Rule, diagnostic.Line, diagnostic.Column));
        Assert.Contains("64", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckSweep_PointsTimesOperationsPastTheLimit_Refused()
    {
        var circuit = OpenQasmParser.Parse(
            "OPENQASM 3.0;\ninclude \"stdgates.inc\";\ninput float t;\nqubit[100] q;\nrx(t) q;\n", "sweep.qasm").Circuit!;
        var limits = new ExpansionLimits { MaxBoundOperations = 10_000 };

        Assert.Null(CircuitBinder.CheckSweep(circuit, 100, "sweep.qasm", "/parameters", limits));
        var diagnostic = CircuitBinder.CheckSweep(circuit, 101, "sweep.qasm", "/parameters", limits);

        Assert.NotNull(diagnostic);
        Assert.Equal(("bind.expansion-limit", "/parameters"), (diagnostic.Rule, diagnostic.Path));
        Assert.Contains("10,100", diagnostic.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 1, 1, 1, 1, 1)]
    [InlineData(1, 0, 1, 1, 1, 1)]
    [InlineData(1, 1, 0, 1, 1, 1)]
    [InlineData(1, 1, 1, 0, 1, 1)]
    [InlineData(1, 1, 1, 1, 0, 1)]
    [InlineData(1, 1, 1, 257, 1, 1)]
    [InlineData(1, 1, 1, 1, 1, 0)]
    [InlineData(1, 1, 1, 1, 1, 100_000_001)]
    public void Validate_OutOfBounds_Throws(long operations, long loops, int whiles, int depth, long bound, long arrayElements)
    {
        var limits = new ExpansionLimits
        {
            MaxOperations = operations, MaxLoopIterations = loops, MaxWhileIterations = whiles, MaxSubroutineDepth = depth,
            MaxBoundOperations = bound, MaxArrayElements = arrayElements,
        };

        Assert.Throws<ArgumentOutOfRangeException>(limits.Validate);
    }
}
