using System.Collections.Immutable;
using Qxm.Circuits.Export;
using Qxm.Circuits.Ir;
using Qxm.Circuits.Parsing;
using Qxm.Circuits.Tests.Parsing;

namespace Qxm.Circuits.Tests.Semantics;

/// <summary>Integers and bools computed while a shot runs: held in registers of their own, written with conditions that
/// compute each bit, checked exhaustively against integer arithmetic, and written back by the exporter.</summary>
public class RuntimeIntegerTests
{
    private const string Counter = """
        OPENQASM 3.0;
        include "stdgates.inc";
        qubit q;
        bit result;
        int i = 0;
        while (i < 10) {
            h q;
            result = measure q;
            if (result) {
                i += 1;
            }
        }
        """;

    [Fact]
    public void Parse_CounterIncrementedInARuntimeBranch_IsARegisterAndTheLoopIsDecidedPerShot()
    {
        var circuit = Programs.Valid(Counter);

        // The first pass is read before the counter depends on a measurement; the rest is one loop decided per shot.
        Assert.Contains(new Register("i", 32, 1), circuit.ClassicalRegisters);
        var loop = Assert.IsType<WhileOperation>(circuit.Operations[^1]);
        Assert.Equal("((32:1!=0)||(1:31<10))", loop.Condition.ToCanonicalString());
        var increment = Assert.IsType<IfOperation>(loop.Body[^1]);
        Assert.Equal(32, increment.Then.Length);
        Assert.Equal(Enumerable.Range(1, 32).Reverse(), increment.Then.Cast<ClassicalAssignOperation>().Select(a => a.Clbit));
    }

    [Theory]
    [InlineData(Counter)]
    [InlineData("OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit[3] q;\nbit[3] c;\nc = measure q;\nint[4] n = c[0];\nn += c[1] + c[2];\nuint[3] u = n - 1;\nbool b = u > 2 && n != 3;\nif (!b) { x q[0]; }\nswitch (n) { case 0 { x q[1]; } case 2, 3 { x q[2]; } }\nc = c + 1;\n")]
    public void Export_RuntimeIntegers_ReadBackToTheSameCircuit(string source)
    {
        var circuit = Programs.Valid(source);

        var written = OpenQasm3Writer.Write(circuit);

        Assert.Equal(Programs.Text(circuit), Programs.Text(Programs.Valid(written)));
    }

    /// <summary>Every value of a 4-bit signed and a 3-bit unsigned register, every constant from -20 to 20: each
    /// comparison and sum decides or computes what integer arithmetic does.</summary>
    [Fact]
    public void Operators_OnEveryValueOfSmallRegisters_AgreeWithIntegerArithmetic()
    {
        var signed = RuntimeInteger.OfRegister(0, 4, signed: true);
        var unsigned = RuntimeInteger.OfRegister(4, 3, signed: false);
        string[] comparisons = ["==", "!=", "<", "<=", ">", ">="];
        for (var bits = 0; bits < 128; bits++)
        {
            var clbits = bits;
            bool Clbit(int k) => ((clbits >> k) & 1) == 1;
            long a = (bits & 0b1111) >= 8 ? (bits & 0b1111) - 16 : bits & 0b1111;
            long b = bits >> 4;
            foreach (var op in comparisons)
            {
                Assert.Equal(Compare(op, a, b), Decide(RuntimeInteger.Binary(op, signed, unsigned, null)!.Value, Clbit));
                for (long c = -20; c <= 20; c++)
                {
                    Assert.True(Compare(op, a, c) == Decide(RuntimeInteger.Binary(op, signed, RuntimeInteger.Constant(c), c)!.Value, Clbit), $"{a} {op} {c}");
                    Assert.True(Compare(op, c, b) == Decide(RuntimeInteger.Binary(op, RuntimeInteger.Constant(c), unsigned, null)!.Value, Clbit), $"{c} {op} {b}");
                }
            }

            Assert.Equal(a + b, Read(RuntimeInteger.Binary("+", signed, unsigned, null)!.Value, Clbit));
            Assert.Equal(a - b, Read(RuntimeInteger.Binary("-", signed, unsigned, null)!.Value, Clbit));
            Assert.Equal(b - a, Read(RuntimeInteger.Binary("-", unsigned, signed, null)!.Value, Clbit));
            Assert.Equal(-a, Read(RuntimeInteger.Unary("-", signed)!.Value, Clbit));
            Assert.Equal(a & b, Read(RuntimeInteger.Binary("&", signed, unsigned, null)!.Value, Clbit));
            Assert.Equal((a << 2) & 0b111111, Read(RuntimeInteger.Binary("<<", signed, RuntimeInteger.Constant(2), 2)!.Value, Clbit) & 0b111111);
        }
    }

    [Fact]
    public void Parse_RuntimeSumTooLargeToWrite_IsRefusedBeforeAnyWrite()
    {
        const string body = "a = ((((((((a + c) + a) + c) + a) + c) + a) + c) + a) + (a + a) + (a + a);\n";
        var result = OpenQasmParser.Parse(Programs.Header3 + "bit[64] c;\nint[64] a = c;\n" + body, "t.qasm");

        var error = Assert.Single(result.Diagnostics, d => d.IsError);
        Assert.Equal(("qasm.expansion-limit", 5, 13), (error.Rule, error.Line, error.Column));
    }

    [Fact]
    public void Parse_AssignmentWhoseBitsReadBothWays_IsRefusedByName()
    {
        var error = Programs.Error(Programs.Header3 + "bit[4] c;\nint[4] a = c;\na = (a << 1) ^ (a >> 1);\n");

        Assert.Equal(("qasm.unsupported", 5, 6), (error.Rule, error.Line, error.Column));
        Assert.Contains("compute it into a second variable first", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_RuntimeIntegerWhereAValueMustBeKnownBeforeTheRun_IsRefused()
    {
        var error = Programs.Error(Programs.Header3 + "qubit[2] q;\nbit[2] c;\nint n = c;\nfor int k in [0:n] { x q[0]; }\n");

        Assert.Equal(6, error.Line);
    }

    private static bool Compare(string op, long a, long b) => op switch
    {
        "==" => a == b,
        "!=" => a != b,
        "<" => a < b,
        "<=" => a <= b,
        ">" => a > b,
        _ => a >= b,
    };

    private static bool Decide(Value value, Func<int, bool> clbit) => ValueOperations.AsCondition(value)!.Evaluate(clbit);

    private static long Read(Value value, Func<int, bool> clbit)
    {
        var integer = (RuntimeInteger)value.Payload!;
        var bits = integer.Bits;
        long result = 0;
        for (var k = 0; k < bits.Length; k++)
        {
            result |= bits[k].Evaluate(clbit) ? 1L << k : 0;
        }

        return integer.Signed && bits[^1].Evaluate(clbit) ? result - (1L << bits.Length) : result;
    }
}
