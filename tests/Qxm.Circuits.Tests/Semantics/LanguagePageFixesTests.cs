using Qxm.Circuits.Ir;
using Qxm.Circuits.Tests.Parsing;

namespace Qxm.Circuits.Tests.Semantics;

/// <summary>Constructs the specification's language pages use that the front end refused before they were marked one
/// by one: expression statements, single qubits in a broadcast, negative indices, loops over arrays and bits, and the
/// rule that a register's size is a compile-time constant.</summary>
public class LanguagePageFixesTests
{
    [Fact]
    public void Parse_ExpressionStatements_AreCheckedAndDiscarded()
    {
        var circuit = Programs.Valid(Programs.Header3 + "int[32] a = 2;\nint[32] b = 3;\na == b;\na ** b;\nb % a;\nqubit q;\nbit[2] c;\nc << 1;\n");

        Assert.Empty(circuit.Operations);
        var error = Programs.Error(Programs.Header3 + "int a = 1;\na == missing;\n");
        Assert.Equal(("qasm.undefined-identifier", 4, 6), (error.Rule, error.Line, error.Column));
    }

    [Fact]
    public void Parse_SingleQubitInABroadcast_IsRepeatedNotARegisterOfOne()
    {
        var circuit = Programs.Valid(Programs.Header3 + "qubit[3] a;\nqubit f;\ncx a, f;\n");

        Assert.Equal([[0, 3], [1, 3], [2, 3]], circuit.Operations.Cast<GateOperation>().Select(g => g.Qubits.ToArray()));

        // A register of one qubit is still a register: it does not broadcast against three.
        var error = Programs.Error(Programs.Header3 + "qubit[3] a;\nqubit[1] f;\ncx a, f;\n");
        Assert.Equal(("qasm.register-size-mismatch", 5, 7), (error.Rule, error.Line, error.Column));
    }

    [Fact]
    public void Parse_NegativeIndices_CountFromTheEnd()
    {
        var circuit = Programs.Valid(Programs.Header3
            + "array[int[32], 5] a = {0, 1, 2, 3, 4};\nint[32] myInt = 10;\nqubit[4] q;\n"
            + "rx(a[-1]) q[0];\nrx(a[-2]) q[1];\nif (myInt[-32]) { x q[2]; }\nif (myInt[1]) { x q[3]; }\n");

        Assert.Equal(["rx(4) q[0]", "rx(3) q[1]", "x q[3]"], circuit.Operations.Cast<GateOperation>()
            .Select(g => g.Parameters.IsEmpty ? $"{g.Name} q[{g.Qubits[0]}]" : $"{g.Name}({((ConstantExpr)g.Parameters[0]).Constant}) q[{g.Qubits[0]}]"));
        var error = Programs.Invalid(Programs.Header3 + "array[int, 3] a;\nint y = a[-4];\n")[0];
        Assert.Equal(("qasm.index-out-of-range", 4, 11), (error.Rule, error.Line, error.Column));
    }

    [Fact]
    public void Parse_ForOverAnArrayOrABitRegister_TakesEachElement()
    {
        var circuit = Programs.Valid(Programs.Header3
            + "array[float[64], 3] angles = {0.5, 1.5, 2.5};\nqubit q;\nbit[2] c;\n"
            + "for float[64] t in angles { rz(t) q; }\nfor bit b in c { if (b) { x q; } }\n");

        Assert.Equal([0.5, 1.5, 2.5], circuit.Operations.OfType<GateOperation>().Select(g => ((ConstantExpr)g.Parameters[0]).Constant));
        Assert.Equal(2, circuit.Operations.OfType<IfOperation>().Count());
    }

    [Fact]
    public void Parse_IntegerBitSlices_AreReadAndWritten()
    {
        var circuit = Programs.Valid(Programs.Header3 + "int[32] n = 15;\nbit[16] even = n[0:2:31];\nbit[4] top = n[-4:-1];\n");

        Assert.Equal([0, 1], circuit.Operations.Cast<ClassicalAssignOperation>().Select(a => a.Clbit));
        var written = Programs.Valid(Programs.Header3 + "int[32] n = 15;\nn[4:7] = \"1010\";\nbit[8] low = n[0:7];\n");
        Assert.Equal([0, 1, 2, 3, 5, 7], written.Operations.Cast<ClassicalAssignOperation>().Select(a => a.Clbit));
    }

    [Fact]
    public void Parse_StatementErrorQuotingSeveralLines_IsOneLine()
    {
        var error = Programs.Invalid(Programs.Header3 + "qubit r;\n(1 >\n 2) { x r; }\n")[0];

        Assert.Equal(("qasm.syntax", "expected a statement but found '1 > 2'"), (error.Rule, error.Message));
    }

    [Fact]
    public void Parse_RegisterSizedByAVariable_IsRefusedUnlessConst()
    {
        Programs.Valid(Programs.Header3 + "const uint n = 3;\nqubit[n] q;\n");

        var error = Programs.Error(Programs.Header3 + "uint n = 3;\nqubit[n] q;\n");
        Assert.Equal(("qasm.type", 4, 7), (error.Rule, error.Line, error.Column));
    }
}
