using Qxm.Circuits.Ir;
using Qxm.Circuits.Tests.Parsing;

namespace Qxm.Circuits.Tests.Semantics;

/// <summary>Bits given values while a shot runs, and <c>while</c> on measured bits, as the front end lowers them.</summary>
public class RuntimeBitsTests
{
    private const string Registers = "qubit[3] q;\nbit[3] c;\n";

    [Fact]
    public void Parse_BitLogic_IsOneRuntimeWritePerBit()
    {
        var circuit = Programs.Valid(Programs.Header3 + Registers + "c[0] = c[1] ^ c[2];\nbit flag = c[0] & !c[1];\nc[2] |= flag;\n");

        Assert.Equal(
            "set 0=((1:1!=0)^(2:1!=0))\nset 3=((0:1!=0)&&(!(1:1!=0)))\nset 2=((2:1!=0)||(3:1!=0))\n",
            string.Concat(circuit.ToCanonicalString().Split('\n').Where(l => l.StartsWith("set", StringComparison.Ordinal)).Select(l => l + "\n")));
        Assert.True(circuit.NeedsPerShotSimulation);
    }

    [Fact]
    public void Parse_ConstantIntoFreshBits_WritesOnlyTheOnes()
    {
        // Global bits start at 0 in every shot; inside a loop on measurements every bit must be written each pass.
        var fresh = Programs.Valid(Programs.Header3 + "bit[4] b = \"0101\";\nbit[2] d = 2;\n");
        var again = Programs.Valid(Programs.Header3 + Registers + "c[0] = measure q[0];\nwhile (c[0]) { bit[2] d = 2; c[0] = measure q[0]; }\n");

        Assert.Equal([0, 2, 5], fresh.Operations.Cast<ClassicalAssignOperation>().Select(a => a.Clbit));
        var loop = Assert.IsType<WhileOperation>(again.Operations[^1]);
        Assert.Equal(["false", "true"], loop.Body.OfType<ClassicalAssignOperation>().Select(a => a.Value.ToCanonicalString()));
    }

    [Fact]
    public void Parse_RegisterCopyBetweenOverlappingSlices_ReadsEachBitBeforeWritingIt()
    {
        var circuit = Programs.Valid(Programs.Header3 + Registers + "c[1:2] = c[0:1];\n");

        Assert.Equal([(2, 1), (1, 0)], circuit.Operations.Cast<ClassicalAssignOperation>()
            .Select(a => (a.Clbit, ((ClbitComparison)a.Value).Offset)));
    }

    [Fact]
    public void Parse_ShiftOfBits_CopiesEachBitFromItsNeighbourAndFillsZeros()
    {
        var circuit = Programs.Valid(Programs.Header3 + Registers + "c <<= 1;\nc >>= 2;\n");

        Assert.Equal(["2<-(1:1!=0)", "1<-(0:1!=0)", "0<-false", "0<-(2:1!=0)", "1<-false", "2<-false"],
            circuit.Operations.Cast<ClassicalAssignOperation>().Select(a => $"{a.Clbit}<-{a.Value.ToCanonicalString()}"));
    }

    [Fact]
    public void Parse_CastOfAnIntegerToBits_KeepsItsLowBits()
    {
        var circuit = Programs.Valid(Programs.Header3 + "bit[4] b = bit[4](13 + 6);\nqubit q;\nif (b[1] == 1) x q;\n");

        Assert.Equal([0, 1], circuit.Operations.OfType<ClassicalAssignOperation>().Select(a => a.Clbit));
        Assert.IsType<IfOperation>(circuit.Operations[^1]);
    }

    [Fact]
    public void Parse_BitOfAnInteger_IsKnownBeforeTheRun()
    {
        var circuit = Programs.Valid(Programs.Header3 + "uint[4] a = 5;\nqubit[4] q;\nfor int i in [0:3] { if (bool(a[i])) x q[i]; }\n");

        Assert.Equal([0, 2], circuit.Operations.Cast<GateOperation>().Select(g => g.Qubits[0]));
        Assert.Equal("bit 4 is out of range for 'a' of 4 bits", Programs.Error(Programs.Header3 + "uint[4] a = 5;\nbool b = a[4];\n").Message);
    }

    [Fact]
    public void Parse_ReturnedMeasurement_LandsInBitsOfItsOwnPerCall()
    {
        var circuit = Programs.Valid(Programs.Header3 + "def m(qubit t) -> bit { h t; return measure t; }\n" + Registers
            + "c[0] = m(q[0]);\nc[1] = m(q[1]);\n");

        Assert.Equal(["c", "m_return", "m_return_2"], circuit.ClassicalRegisters.Select(r => r.Name));
        Assert.Contains(circuit.Operations, op => op is MeasureOperation { Qubit: 1, Clbit: 4 });
        Assert.Contains(circuit.Operations, op => op is ClassicalAssignOperation { Clbit: 1, Value: ClbitComparison { Offset: 4 } });
    }

    [Theory]
    [InlineData("c = 8;\n", 5, 5, "qasm.type", "the value 8 does not fit in 3 bits")]
    [InlineData("c[0:1] = c;\n", 5, 10, "qasm.register-size-mismatch", "cannot assign 3 bits to 2 bits: the sizes differ")]
    [InlineData("c = c[0] == 1;\n", 5, 5, "qasm.type", "a condition is one bit and cannot be assigned to 3 bits")]
    [InlineData("c[0] = 1.5;\n", 5, 8, "qasm.type", "a float cannot be assigned to bits")]
    [InlineData("if (true) {\nangle[3] a;\nmeasure q[0] -> a[0];\n}\n", 7, 17, "qasm.unsupported", "storing a measurement in an 'angle' variable (declare a 'bit' instead) is not supported")]
    [InlineData("c[0] = bit[2](c[0]);\n", 5, 8, "qasm.type", "measured bits cannot be cast to bit[2]")]
    [InlineData("c[0] = measure q[0];\nwhile (c[0]) { continue; }\n", 6, 16, "qasm.unsupported", "'continue' inside a branch decided at run time is not supported")]
    [InlineData("def f(qubit t) -> bit { if (c[0]) { return measure t; } return false; }\nc[1] = f(q[0]);\n", 5, 37, "qasm.unsupported", "'return' inside a branch decided at run time is not supported")]
    public void Parse_BadRuntimeBits_AreRefusedAtTheirPosition(string body, int line, int column, string rule, string message)
    {
        var diagnostic = Programs.Error(Programs.Header3 + Registers + body);

        Assert.Equal((rule, line, column, message), (diagnostic.Rule, diagnostic.Line, diagnostic.Column, diagnostic.Message));
    }

    [Fact]
    public void Parse_WhileOnMeasuredBits_IsOneLoopDecidedPerShotWithTheLimit()
    {
        var circuit = Programs.Valid(Programs.Header3 + Registers + "c[0] = measure q[0];\nwhile (c[0] == 1 || c[1] == 1) { x q[1]; c[0] = measure q[0]; }\n");

        var loop = Assert.IsType<WhileOperation>(circuit.Operations[^1]);
        Assert.Equal("((0:1==1)||(1:1==1))", loop.Condition.ToCanonicalString());
        Assert.Equal(2, loop.Body.Length);
        Assert.Equal(Qxm.Circuits.Parsing.ExpansionLimits.Default.MaxShotLoopIterations, loop.MaxIterations);
        Assert.Equal((6, 1), (loop.Span.Line, loop.Span.Column));
    }
}
