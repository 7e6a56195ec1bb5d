using System.Diagnostics;
using Qxm.Circuits.Parsing;
using Qxm.Circuits.Tests.Parsing;

namespace Qxm.Circuits.Tests.Semantics;

/// <summary>Classical arrays of values known before the run, checked against the same circuit written with literals.</summary>
public class ArrayTests
{
    [Fact]
    public void Parse_ArrayElements_AsParametersAndIndices_EqualTheLiterals()
    {
        var arrays = Programs.Valid(Programs.Header3 + """
            array[float[64], 2, 2] angles = {{pi, 0}, {pi / 2, 0}};
            array[int[8], 3] index = {2, 0, 1};
            qubit[3] q;
            rx(angles[0, 0]) q[index[1]];
            rx(angles[1][0]) q[index[2]];
            """);
        var literals = Programs.Valid(Programs.Header3 + "qubit[3] q;\nrx(pi) q[0];\nrx(pi / 2) q[1];\n");

        Assert.Equal(Programs.Text(literals), Programs.Text(arrays));
    }

    [Fact]
    public void Parse_ElementAndSliceAssignments_CopyAndSizeofCounts()
    {
        var arrays = Programs.Valid(Programs.Header3 + """
            array[int[32], 4] a = {1, 2, 3, 4};
            a[1] = 5;
            a[2] += 10;
            a[0:1] = a[2:3];
            array[int[32], 2, 4] m;
            m[1] = a;
            m[0, 3] = sizeof(m, 1) * 10 + sizeof(m);
            qubit q;
            for int i in [0:sizeof(a) - 1] { rz(m[1, i] * 0.5) q; }
            rz(m[0][3]) q;
            """);
        var literals = Programs.Valid(Programs.Header3 + "qubit q;\nrz(6.5) q;\nrz(2) q;\nrz(6.5) q;\nrz(2) q;\nrz(42) q;\n");

        Assert.Equal(Programs.Text(literals), Programs.Text(arrays));
    }

    [Fact]
    public void Parse_ArrayArguments_PassByReference()
    {
        var arrays = Programs.Valid(Programs.Header3 + """
            def bump(mutable array[int[32], #dim=1] v, int k) { v[k] += 1; }
            def total(readonly array[int[32], 3] v) -> int { return v[0] + v[1] + v[2]; }
            array[int[32], 3] c = {1, 2, 3};
            bump(c, 1);
            bump(c, 1);
            qubit q;
            rz(total(c) * 0.5) q;
            """);

        Assert.Equal(Programs.Text(Programs.Valid(Programs.Header3 + "qubit q;\nrz(4) q;\n")), Programs.Text(arrays));
    }

    [Theory]
    [InlineData("array[int[8], 2] a = {1, 2, 3};\n", "qasm.type", 3, 22, "expected 2 values for dimension 0 of the array but found 3")]
    [InlineData("array[int[8], 2] a;\nint v = a[2];\n", "qasm.index-out-of-range", 4, 11, "index 2 is out of range for a dimension of size 2")]
    [InlineData("array[int[8], 2] a;\nint v = a[0, 1];\n", "qasm.type", 4, 9, "the array has 1 dimension but is indexed with 2")]
    [InlineData("array[uint[8], 2] a = {1, -1};\n", "qasm.type", 3, 27, "value -1 does not fit a 'uint'")]
    [InlineData("def f(readonly array[int[8], 2] v) { v[0] = 1; }\narray[int[8], 2] a;\nf(a);\n", "qasm.type", 3, 38, "'v' is a constant or a readonly array and cannot be assigned")]
    [InlineData("def f(readonly array[int[8], 3] v) { }\narray[int[8], 2] a;\nf(a);\n", "qasm.type", 5, 3, "subroutine 'f' takes an array of shape [3] of 'int' for 'v' but is given an array of shape [2] of 'int'")]
    [InlineData("def f(array[int[8], 2] v) { }\n", "qasm.syntax", 3, 7, "array parameter 'v' needs 'readonly' or 'mutable' before its type")]
    [InlineData("int n = sizeof(3);\n", "qasm.type", 3, 16, "'sizeof' takes an array, not an int")]
    [InlineData("array[int[8], 2] a;\narray[int[8], 3] b = a;\n", "qasm.type", 4, 22, "expected an array of shape [3] to initialise the array but found an array of shape [2]")]
    [InlineData("array[bit, 2] a;\n", "qasm.unsupported", 3, 7, "an array of 'bit' (declare a bit register 'bit[n]' instead) is not supported")]
    public void Parse_ArrayMistakes_AreRefusedAtTheirPosition(string body, string rule, int line, int column, string message)
    {
        var diagnostic = Programs.Error(Programs.Header3 + body);

        Assert.Equal((rule, line, column, message), (diagnostic.Rule, diagnostic.Line, diagnostic.Column, diagnostic.Message));
    }

    [Fact]
    public void Parse_ArrayPastTheBudget_IsRefusedBeforeItIsMade()
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var stopwatch = Stopwatch.StartNew();

        var diagnostic = Programs.Error(Programs.Header3 + "array[float[64], 1000, 1000, 1000] big;\n");

        Assert.Equal(("qasm.expansion-limit", 3, 1), (diagnostic.Rule, diagnostic.Line, diagnostic.Column));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 10_000_000, "the array was allocated");
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(30), $"took {stopwatch.Elapsed}");
    }

    [Fact]
    public void Parse_ArrayCopiesInALoop_AreChargedToTheBudget()
    {
        var limits = new ExpansionLimits { MaxArrayElements = 1_000 };
        var result = OpenQasmParser.Parse(Programs.Header3 + "array[int, 100] a;\nfor int i in [0:99] { array[int, 100] b = a; }\n", "t.qasm", limits: limits);

        Assert.Equal(["qasm.expansion-limit"], result.Diagnostics.Select(d => d.Rule));
    }
}
