using Qxm.Circuits.Binding;
using Qxm.Circuits.Ir;
using Qxm.Circuits.Tests.Parsing;

namespace Qxm.Circuits.Tests.Binding;

/// <summary><c>input int</c>, <c>uint</c> and <c>bool</c>: bound per sweep point like float inputs, and refused at binding
/// when the value does not fit the type.</summary>
public class IntegerInputTests
{
    private const string Program = Programs.Header3 + """
        input int[4] n;
        input uint k;
        input bool flag;
        int m = -n * 2 + k;
        qubit q;
        rx(m * 0.25) q;
        ry(flag) q;
        """;

    private static Dictionary<string, double> Point(double n, double k, double flag) => new() { ["n"] = n, ["k"] = k, ["flag"] = flag };

    [Fact]
    public void Parse_IntegerInputs_KeepTheirTypesInTheCircuit()
    {
        var circuit = Programs.Valid(Program);

        Assert.Equal("n k flag", string.Join(' ', circuit.Inputs));
        Assert.Equal("int[4]", circuit.InputTypes["n"]);
        Assert.Equal("uint", circuit.InputTypes["k"]);
        Assert.Equal("bool", circuit.InputTypes["flag"]);
        Assert.Contains("input n int[4]\n", circuit.ToCanonicalString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_ValuesThatFit_FoldTheArithmetic()
    {
        var result = CircuitBinder.Bind(Programs.Valid(Program), Point(-8, 5, 1), "exp.yaml");

        Assert.Empty(result.Diagnostics);
        var gates = result.Circuit!.Operations.Cast<GateOperation>().ToArray();
        Assert.Equal((16 + 5) * 0.25, gates[0].Parameters[0].Value, 12);
        Assert.Equal(1, gates[1].Parameters[0].Value);
    }

    [Theory]
    [InlineData(8, 0, 0, "input 'n' of type 'int[4]' cannot hold the value 8")]
    [InlineData(-9, 0, 0, "input 'n' of type 'int[4]' cannot hold the value -9")]
    [InlineData(1.5, 0, 0, "input 'n' of type 'int[4]' cannot hold the value 1.5")]
    [InlineData(0, -1, 0, "input 'k' of type 'uint' cannot hold the value -1")]
    [InlineData(0, 0, 2, "input 'flag' of type 'bool' cannot hold the value 2")]
    public void Bind_ValueTheTypeCannotHold_IsRefusedNamingTheInput(double n, double k, double flag, string message)
    {
        var result = CircuitBinder.Bind(Programs.Valid(Program), Point(n, k, flag), "exp.yaml");

        Assert.Null(result.Circuit);
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(("bind.input-type", message), (diagnostic.Rule, diagnostic.Message));
    }

    [Theory]
    [InlineData("input int n;\nqubit q;\nrx(n / 2) q;\n", 5, 6, "operator '/' on integer input and int is not supported")]
    [InlineData("input uint[4] n;\nfor int i in [0:n] { }\n", 4, 17, "a range end read from an input (inputs get their values after the program is read) is not supported")]
    [InlineData("input int[65] n;\n", 3, 11, "the width of type 'int' must be between 1 and 64 but is 65")]
    [InlineData("input bit b;\n", 3, 7, "input of type 'bit' is not supported")]
    public void Parse_IntegerInputWhereItCannotGo_IsRefusedAtItsPosition(string body, int line, int column, string message)
    {
        var diagnostic = Programs.Error(Programs.Header3 + body);

        Assert.Equal((line, column, message), (diagnostic.Line, diagnostic.Column, diagnostic.Message));
    }
}
