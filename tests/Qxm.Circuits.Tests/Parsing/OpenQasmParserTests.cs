using System.Collections.Immutable;
using Qxm.Circuits.Ir;
using Qxm.Circuits.Parsing;

namespace Qxm.Circuits.Tests.Parsing;

public class OpenQasmParserTests
{
    [Fact]
    public void Parse_RegisterDeclarations_LaysOutRegistersInDeclarationOrder()
    {
        var circuit = Programs.Valid("OPENQASM 2.0;\nqreg a[2];\ncreg m[3];\nqreg b[3];\ncreg n[1];\n");

        Assert.Equal(2, circuit.Version);
        Assert.Equal(5, circuit.QubitCount);
        Assert.Equal(4, circuit.ClbitCount);
        Assert.Equal([new Register("a", 2, 0), new Register("b", 3, 2)], circuit.QuantumRegisters.ToArray());
        Assert.Equal([new Register("m", 3, 0), new Register("n", 1, 3)], circuit.ClassicalRegisters.ToArray());
        Assert.Empty(circuit.Operations);
    }

    [Fact]
    public void Parse_BuiltinUAndCX_ProducesNativeOperationsWithoutInclude()
    {
        var circuit = Programs.Valid("OPENQASM 2.0;\nqreg q[2];\nU(pi/2, 0, pi) q[0];\nCX q[0], q[1];\n");

        var u = Assert.IsType<GateOperation>(circuit.Operations[0]);
        Assert.Equal("U", u.Name);
        Assert.Equal([0], u.Qubits.ToArray());
        Assert.Equal([Math.PI / 2, 0, Math.PI], u.Parameters.Select(p => p.Value));
        Assert.All(u.Parameters, p => Assert.IsType<ConstantExpr>(p));
        Assert.Equal(new SourceSpan(3, 1), u.Span);
        var cx = Assert.IsType<GateOperation>(circuit.Operations[1]);
        Assert.Equal("CX", cx.Name);
        Assert.Equal([0, 1], cx.Qubits.ToArray());
        Assert.Equal(new SourceSpan(4, 1), cx.Span);
    }

    [Fact]
    public void Parse_MeasureResetBarrier_ProducesOperationsOnFlatIndices()
    {
        var circuit = Programs.Valid(Programs.Header2 + "qreg a[1];\nqreg q[2];\ncreg e[1];\ncreg c[2];\nreset q[1];\nbarrier a, q[0];\nmeasure q[1] -> c[0];\n");

        Assert.Equal(new ResetOperation(2, new SourceSpan(7, 1)), circuit.Operations[0]);
        var barrier = Assert.IsType<BarrierOperation>(circuit.Operations[1]);
        Assert.Equal([0, 1], barrier.Qubits.ToArray());
        Assert.Equal(new MeasureOperation(2, 1, new SourceSpan(9, 1)), circuit.Operations[2]);
    }

    [Fact]
    public void Parse_RegisterArguments_BroadcastsOverElements()
    {
        var circuit = Programs.Valid(Programs.Header2 + "qreg q[2];\nqreg r[2];\nqreg w[1];\ncreg c[2];\nh q;\ncx q, r;\ncx w[0], r;\nmeasure q -> c;\nreset r;\nbarrier q;\n");

        Assert.Equal(
            "h 0\nh 1\ncx 0,2\ncx 1,3\ncx 4,2\ncx 4,3\nmeasure 0->0\nmeasure 1->1\nreset 2\nreset 3\nbarrier 0,1\n",
            string.Concat(Programs.Text(circuit).Split('\n').Skip(3).Select(l => l.Length > 0 ? l + "\n" : "")));
    }

    [Fact]
    public void Parse_If_WrapsEachBroadcastOperationInACondition()
    {
        var circuit = Programs.Valid(Programs.Header2 + "qreg q[2];\ncreg a[1];\ncreg c[2];\nif (c == 2) x q;\nif(c==1) measure q[0] -> c[1];\nif (a == 0) reset q[1];\n");

        Assert.Equal(4, circuit.Operations.Length);
        var first = Assert.IsType<ConditionalOperation>(circuit.Operations[0]);
        Assert.Equal((1, 2, 2L), (first.Offset, first.Width, first.Value));
        Assert.Equal(new SourceSpan(6, 1), first.Span);
        Assert.Equal("x", Assert.IsType<GateOperation>(first.Body).Name);
        Assert.Equal([1], Assert.IsType<GateOperation>(((ConditionalOperation)circuit.Operations[1]).Body).Qubits.ToArray());
        Assert.Equal(new MeasureOperation(0, 2, new SourceSpan(7, 10)), ((ConditionalOperation)circuit.Operations[2]).Body);
        var reset = Assert.IsType<ConditionalOperation>(circuit.Operations[3]);
        Assert.Equal((0, 1, 0L), (reset.Offset, reset.Width, reset.Value));
        Assert.IsType<ResetOperation>(reset.Body);
        Assert.True(circuit.NeedsPerShotSimulation);
    }

    [Fact]
    public void Parse_UserGate_InlinesRecursivelyWithSubstitutedParametersAndCallSiteSpan()
    {
        const string source = Programs.Header2 + """
            gate inner(a, b) x, y { rz(a + b) y; CX x, y; U(a, 0, b * 2) x; }
            gate outer(t) p, q, r { inner(t / 2, -t) q, r; barrier p, r; h p; }
            qreg q[3];
            outer(pi) q[2], q[0], q[1];
            """;

        var circuit = Programs.Valid(source);

        Assert.Equal(
            [
                new GateOperation("rz", [1], [new ConstantExpr(Math.PI / 2 - Math.PI)], new SourceSpan(6, 1)),
                new GateOperation("CX", [0, 1], [], new SourceSpan(6, 1)),
                new GateOperation("U", [0], [new ConstantExpr(Math.PI / 2), new ConstantExpr(0), new ConstantExpr(-Math.PI * 2)], new SourceSpan(6, 1)),
                new BarrierOperation([2, 1], new SourceSpan(6, 1)),
                new GateOperation("h", [2], [], new SourceSpan(6, 1)),
            ],
            circuit.Operations,
            OperationComparer.Instance);
    }

    [Fact]
    public void Parse_UserGateWithBroadcast_InlinesOncePerElement()
    {
        var circuit = Programs.Valid(Programs.Header2 + "gate bell a, b { h a; cx a, b; }\nqreg q[2];\nqreg r[2];\nbell q, r;\n");

        Assert.Equal(["h 0", "cx 0,2", "h 1", "cx 1,3"], Operations(circuit));
    }

    [Fact]
    public void Parse_Expressions_FollowPrecedenceAndFoldToConstants()
    {
        var source = Programs.Header2 + """
            qreg q[1];
            u3(1 + 2 * 3, -2^2, 2^3^2) q[0];
            u3(2 * (1 + 2) / 4, 1e-3, .5E+1) q[0];
            u3(sin(pi/2) + cos(0), tan(0) + exp(0) + ln(1), sqrt(16) - -1) q[0];
            u1(10 - 4 - 3) q[0];
            u1(8 / 4 / 2) q[0];
            u1(3.) q[0];
            """;

        var circuit = Programs.Valid(source);

        var values = circuit.Operations.Cast<GateOperation>().Select(g => g.Parameters.Select(p => ((ConstantExpr)p).Constant).ToArray()).ToArray();
        Assert.Equal([7, -4, 512], values[0]);
        Assert.Equal([1.5, 0.001, 5], values[1]);
        Assert.Equal([2, 1, 5], values[2]);
        Assert.Equal([3], values[3]);
        Assert.Equal([1], values[4]);
        Assert.Equal([3], values[5]);
    }

    [Fact]
    public void Parse_CommentsAndWhitespace_AreIgnored()
    {
        var circuit = Programs.Valid("// leading\nOPENQASM /* inline */ 2.0;\r\n\tqreg q[1]; /* multi\nline */ U(0,0,0) q[0]; // trailing");

        Assert.Single(circuit.Operations);
        Assert.Equal(new SourceSpan(4, 9), circuit.Operations[0].Span);
    }

    [Fact]
    public void Parse_OpaqueDeclaration_IsAcceptedWhenNotCalled()
    {
        var circuit = Programs.Valid(Programs.Header2 + "opaque magic(a) x, y;\nqreg q[2];\nh q[0];\n");

        Assert.Single(circuit.Operations);
    }

    [Fact]
    public void ToCanonicalString_DifferentlyFormattedPrograms_AreEqual()
    {
        const string first = Programs.Header2 + """
            qreg q[2];
            creg c[2];
            h q[0];
            cx q[0], q[1];
            rz(pi/4) q[1];
            measure q -> c;
            """;
        const string second = """
            // the same Bell-like program, written differently
            OPENQASM 2.0; include "qelib1.inc";
            qreg q[2]; creg c[2];
            /* prepare */ h q[0]; cx q[0],q[1];
            rz( 0.785398163397448309615660845819875721 ) q[1];
            measure q[0] -> c[0]; measure q[1] -> c[1];
            """;

        Assert.Equal(Programs.Text(Programs.Valid(first)), Programs.Text(Programs.Valid(second)));
    }

    [Theory]
    [InlineData("h q[0];", "x q[0];")]
    [InlineData("rz(pi/4) q[1];", "rz(pi/3) q[1];")]
    [InlineData("cx q[0], q[1];", "cx q[1], q[0];")]
    public void ToCanonicalString_ChangedGateOrAngle_Differs(string original, string changed)
    {
        const string program = Programs.Header2 + "qreg q[2];\nh q[0];\ncx q[0], q[1];\nrz(pi/4) q[1];\n";

        Assert.NotEqual(
            Programs.Text(Programs.Valid(program)),
            Programs.Text(Programs.Valid(program.Replace(original, changed, StringComparison.Ordinal))));
    }

    internal static string[] Operations(Circuit circuit) =>
        [.. circuit.ToCanonicalString().Split('\n').Where(l => l.Length > 0 && !l.StartsWith("qubits", StringComparison.Ordinal)
            && !l.StartsWith("clbits", StringComparison.Ordinal) && !l.StartsWith("creg", StringComparison.Ordinal)
            && !l.StartsWith("input", StringComparison.Ordinal))];
}
