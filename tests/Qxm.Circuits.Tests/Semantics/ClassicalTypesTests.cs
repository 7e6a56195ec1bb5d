using Qxm.Circuits.Ir;
using Qxm.Circuits.Tests.Parsing;

namespace Qxm.Circuits.Tests.Semantics;

/// <summary>The specification's classical types and writes that the language pages use: <c>complex</c> with <c>im</c>,
/// its arithmetic, <c>real</c>/<c>imag</c> and casts; aliases of bits; writes to the bits of an integer and of an
/// integer array's element.</summary>
public class ClassicalTypesTests
{
    private static double[] Angles(Circuit circuit) =>
        [.. circuit.Operations.OfType<GateOperation>().Select(g => ((ConstantExpr)g.Parameters[0]).Constant)];

    [Fact]
    public void Parse_ComplexArithmetic_GivesTheSpecificationsValues()
    {
        var circuit = Programs.Valid(Programs.Header3 + """
            complex[float[64]] a = 10.0 + 5.0im;
            complex[float[64]] b = -2.0 - 7.0im;
            complex[float[64]] e = a * b;
            complex[float] f = a / b;
            complex[float] g = a ** b;
            complex[float] d = 2.0 + sin(π / 2) + (3.1 * 5.5 im);
            complex[float[64]] c;
            c = a + b;
            c -= 1;
            qubit q;
            rx(real(e)) q;
            rx(imag(e)) q;
            rx(real(f)) q;
            rx(imag(f)) q;
            rx(real(g)) q;
            rx(imag(g)) q;
            rx(real(d)) q;
            rx(imag(d)) q;
            rx(real(c)) q;
            rx(imag(c)) q;
            rx(imag(2)) q;

            """);

        var expected = new[] { 15, -80, -55.0 / 53, 60.0 / 53, 0.10694695640729072, 0.17536481119721312, 3, 3.1 * 5.5, 7, -2, 0 };
        Assert.Equal(expected, Angles(circuit), (x, y) => Math.Abs(x - y) < 1e-12);
    }

    [Fact]
    public void Parse_ComplexMisused_IsRefusedWithTheRuleAndPosition()
    {
        var toFloat = Programs.Error(Programs.Header3 + "complex[float] w = 1im;\nfloat r = w;\n");
        Assert.Equal(("qasm.type", 4, 11), (toFloat.Rule, toFloat.Line, toFloat.Column));

        var ordered = Programs.Error(Programs.Header3 + "complex[float] w = 1im;\nbool b = w < 1;\n");
        Assert.Equal(("qasm.type", 4, 12), (ordered.Rule, ordered.Line, ordered.Column));

        var sine = Programs.Error(Programs.Header3 + "complex[float] w = 1im;\nfloat r = sin(w);\n");
        Assert.Equal(("qasm.type", 4, 11), (sine.Rule, sine.Line, sine.Column));

        var part = Programs.Error(Programs.Header3 + "bit[2] c;\nfloat r = real(c);\n");
        Assert.Equal(("qasm.type", 4, 16), (part.Rule, part.Line, part.Column));

        var gap = Programs.Error(Programs.Header3 + "float r = 2 \n im;\n");
        Assert.Equal(("qasm.syntax", 4, 2), (gap.Rule, gap.Line, gap.Column));
    }

    [Fact]
    public void Parse_AliasOfBits_ReadsAndWritesTheBitsItNames()
    {
        var circuit = Programs.Valid(Programs.Header3 + """
            qubit[3] q;
            bit[5] register;
            bit[2] more;
            let alias = register[1:3];
            let both = register[3:4] ++ more;
            x q[0];
            alias[0] = measure q[0];
            both[3] = measure q[1];
            int n = 0;
            for bit b in alias { if (b) { x q[2]; } }

            """);

        Assert.Equal([1, 6], circuit.Operations.OfType<MeasureOperation>().Select(m => m.Clbit));
        Assert.Equal(3, circuit.Operations.OfType<IfOperation>().Count());
        Assert.Equal(["register", "more"], circuit.ClassicalRegisters.Select(r => r.Name));

        var apart = Programs.Error(Programs.Header3 + "bit[3] c;\nbit[2] d;\nlet a = c[0] ++ d;\n");
        Assert.Equal(("qasm.unsupported", 5, 17), (apart.Rule, apart.Line, apart.Column));
    }

    [Fact]
    public void Parse_WritesToBitsOfAnInteger_ChangeOnlyThoseBits()
    {
        var circuit = Programs.Valid(Programs.Header3 + """
            int[32] myInt = 15;
            myInt[4:7] = "1010";
            uint[8] u = 0;
            u[0] = 1;
            u[-1] = true;
            array[int[32], 5] intArr = {0, 1, 2, 3, 4};
            intArr[0][0] = 1;
            intArr[4][2] = 0;
            qubit q;
            rx(myInt) q;
            rx(u) q;
            rx(intArr[0]) q;
            rx(intArr[4]) q;
            bit[5] b = intArr[3][0:4];
            bit lowest = intArr[1][0];

            """);

        Assert.Equal([0xAF, 129, 1, 0], Angles(circuit));
        // b = 3 writes its two low bits; lowest = 1.
        Assert.Equal([0, 1, 5], circuit.Operations.OfType<ClassicalAssignOperation>().Select(a => a.Clbit));
    }

    [Fact]
    public void Parse_WritesToBitsOfAnInteger_RefuseWhatDoesNotFit()
    {
        var wide = Programs.Error(Programs.Header3 + "int[32] n = 0;\nn[0:1] = 4;\n");
        Assert.Equal(("qasm.type", 4, 10), (wide.Rule, wide.Line, wide.Column));

        var outside = Programs.Error(Programs.Header3 + "int[8] n = 0;\nn[8] = 1;\n");
        Assert.Equal(("qasm.index-out-of-range", 4, 3), (outside.Rule, outside.Line, outside.Column));

        var constant = Programs.Error(Programs.Header3 + "const int[8] n = 0;\nn[0] = 1;\n");
        Assert.Equal(("qasm.type", 4, 1), (constant.Rule, constant.Line, constant.Column));

        var element = Programs.Error(Programs.Header3 + "array[int[8], 2] a;\na[0][9] = 1;\n");
        Assert.Equal(("qasm.index-out-of-range", 4, 6), (element.Rule, element.Line, element.Column));
    }

    [Fact]
    public void Parse_WriteToABitOfARuntimeInteger_BecomesRuntimeWritesOfItsRegister()
    {
        var circuit = Programs.Valid(Programs.Header3 + """
            qubit[2] q;
            bit[2] c;
            h q;
            c = measure q;
            uint[4] n = 0;
            n += c[0];
            n[3] = c[1];

            """);

        var register = Assert.Single(circuit.ClassicalRegisters, r => r.Name == "n");
        Assert.Contains(circuit.Operations.OfType<ClassicalAssignOperation>(), a => a.Clbit == register.Offset + 3);
    }
}
