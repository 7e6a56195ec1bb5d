using Qxm.Circuits.Ir;
using Qxm.Circuits.Tests.Parsing;

namespace Qxm.Circuits.Tests.Semantics;

/// <summary>Sets of indices that are not a slice (<c>q[{0, 2, 5}]</c>), in the order written, wherever qubits go.</summary>
public class IndexSetTests
{
    private const string Registers = "qubit[6] q;\nbit[3] c;\n";

    private static Circuit Parse(string body) => Programs.Valid(Programs.Header3 + Registers + body);

    private static string Operations(Circuit circuit) => string.Join("; ", circuit.Operations.Select(op => op switch
    {
        GateOperation g => $"{g.Name} {string.Join(",", g.Qubits)}",
        MeasureOperation m => $"measure {m.Qubit}->{m.Clbit}",
        ResetOperation r => $"reset {r.Qubit}",
        BarrierOperation b => $"barrier {string.Join(",", b.Qubits)}",
        _ => op.GetType().Name,
    }));

    [Theory]
    [InlineData("h q[{0, 2, 5}];", "h 0; h 2; h 5")]
    [InlineData("cx q[{0, 2}], q[{5, 1}];", "cx 0,5; cx 2,1")]
    [InlineData("cx q[{4, 3}], q[0];", "cx 4,0; cx 3,0")]
    [InlineData("x q[{-1, 0}];", "x 5; x 0")]
    [InlineData("c = measure q[{5, 0, 3}];", "measure 5->0; measure 0->1; measure 3->2")]
    [InlineData("c[{2, 0}] = measure q[{1, 4}];", "measure 1->2; measure 4->0")]
    [InlineData("reset q[{4, 1}];", "reset 4; reset 1")]
    [InlineData("barrier q[{3, 1}], q[5];", "barrier 3,1,5")]
    [InlineData("let a = q[{4, 1}] ++ q[0];\nx a[1];\nh a;\ncx a[0:1], q[{2, 3}];", "x 1; h 4; h 1; h 0; cx 4,2; cx 1,3")]
    [InlineData("def pair(qubit[2] p) { cx p[0], p[1]; }\npair(q[{5, 0}]);", "cx 5,0")]
    [InlineData("let b = q[{0, 1, 2}];\nx b;", "x 0; x 1; x 2")]
    [InlineData("let b = q[0] ++ q[2];\nx b;", "x 0; x 2")]
    public void Parse_SetOfIndices_TakesTheQubitsInTheOrderWritten(string body, string expected) =>
        Assert.Equal(expected, Operations(Parse(body + "\n")));

    [Theory]
    [InlineData("x q[{0, 6}];", 5, 5, "qasm.index-out-of-range", "index 6 is out of range for register 'q' of size 6")]
    [InlineData("cx q[{0, 1}], q[{1, 1}];", 5, 15, "qasm.duplicate-qubit", "qubit q[1] is used twice in one call of gate 'cx'")]
    [InlineData("c = measure q[{1, 0}];", 5, 1, "qasm.register-size-mismatch", "cannot measure q[{1, 0}] (size 2) into 'c' (size 3): the sizes differ")]
    [InlineData("if (c[{0, 2}] == 1) x q[0];", 5, 7, "qasm.unsupported", "bits that are not consecutive as one value (write them one by one) is not supported")]
    public void Parse_BadSetOfIndices_IsRefusedAtItsPosition(string body, int line, int column, string rule, string message)
    {
        var diagnostic = Programs.Error(Programs.Header3 + Registers + body + "\n");

        Assert.Equal((rule, line, column, message), (diagnostic.Rule, diagnostic.Line, diagnostic.Column, diagnostic.Message));
    }
}
