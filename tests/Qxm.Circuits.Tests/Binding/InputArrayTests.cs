using Qxm.Circuits.Binding;
using Qxm.Circuits.Ir;
using Qxm.Circuits.Tests.Parsing;

namespace Qxm.Circuits.Tests.Binding;

/// <summary><c>input array[...]</c>: each element is an input named with its indices, bound per sweep point, refused at
/// binding with a rule of its own when the parameters name the array whole or an element it does not have; and an
/// <c>if</c> on inputs, decided by the binder.</summary>
public class InputArrayTests
{
    private const string Program = Programs.Header3 + """
        input array[angle[32], 2] params;
        input array[int[4], 2, 2] m;
        qubit q;
        rx(params[0]) q;
        ry(params[1] + m[1][0]) q;
        rz(sizeof(params) * 1.0) q;
        """;

    private static Dictionary<string, double> Point(params (string Name, double Value)[] values)
    {
        var point = new Dictionary<string, double> { ["params[0]"] = 0.5, ["params[1]"] = 0.25, ["m[0][0]"] = 1, ["m[0][1]"] = 2, ["m[1][0]"] = 3, ["m[1][1]"] = 4 };
        foreach (var (name, value) in values)
        {
            point[name] = value;
        }

        return point;
    }

    [Fact]
    public void Parse_InputArray_DeclaresEachElementAsAnInput()
    {
        var circuit = Programs.Valid(Program);

        Assert.Equal("params[0] params[1] m[0][0] m[0][1] m[1][0] m[1][1]", string.Join(' ', circuit.Inputs));
        Assert.Equal("array[angle[32], 2]", circuit.InputArrays["params"]);
        Assert.Equal("array[int[4], 2, 2]", circuit.InputArrays["m"]);
        Assert.Equal("int[4]", circuit.InputTypes["m[1][0]"]);
        Assert.False(circuit.InputTypes.ContainsKey("params[0]"));
    }

    [Fact]
    public void Bind_EveryElement_FoldsTheParameters()
    {
        var result = CircuitBinder.Bind(Programs.Valid(Program), Point(), "exp.yaml");

        Assert.Empty(result.Diagnostics);
        var gates = result.Circuit!.Operations.Cast<GateOperation>().Select(g => g.Parameters[0].Value).ToArray();
        Assert.Equal([0.5, 3.25, 2.0], gates);
    }

    [Fact]
    public void Bind_InputArrayPassedToASubroutine_ReadsItsElements()
    {
        var circuit = Programs.Valid(Programs.Header3 + """
            input array[angle[32], 2] params;
            def turn(readonly array[angle[32], 2] a, qubit t) { rx(a[1]) t; }
            qubit q;
            turn(params, q);
            """);

        var bound = CircuitBinder.Bind(circuit, new Dictionary<string, double> { ["params[0]"] = 0.5, ["params[1]"] = 0.25 }, "exp.yaml");

        Assert.Equal(0.25, Assert.IsType<GateOperation>(Assert.Single(bound.Circuit!.Operations)).Parameters[0].Value);
    }

    [Theory]
    [InlineData("params", "'params' is an input array (array[angle[32], 2]): give each element its own value, 'params[0]' to 'params[1]'")]
    [InlineData("params[2]", "'params[2]' is not an element of input array 'params' (array[angle[32], 2]: 'params[0]' to 'params[1]')")]
    [InlineData("m[1]", "'m[1]' is not an element of input array 'm' (array[int[4], 2, 2]: 'm[0][0]' to 'm[1][1]')")]
    public void Bind_ParameterNamingNoElement_IsRefusedByTheArrayRule(string name, string message)
    {
        var result = CircuitBinder.Bind(Programs.Valid(Program), Point((name, 0.1)), "exp.yaml");

        Assert.Null(result.Circuit);
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(("bind.input-array", message), (diagnostic.Rule, diagnostic.Message));
    }

    [Theory]
    [InlineData("m[0][1]", 8, "bind.input-type", "input 'm[0][1]' of type 'int[4]' cannot hold the value 8")]
    [InlineData("m[0][1]", 0.5, "bind.input-type", "input 'm[0][1]' of type 'int[4]' cannot hold the value 0.5")]
    [InlineData("params[1]", double.NaN, "bind.non-finite", "input 'params[1]' is given the non-finite value NaN")]
    public void Bind_ElementValueItsTypeCannotHold_IsRefusedNamingTheElement(string name, double value, string rule, string message)
    {
        var result = CircuitBinder.Bind(Programs.Valid(Program), Point((name, value)), "exp.yaml");

        Assert.Null(result.Circuit);
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal((rule, message), (diagnostic.Rule, diagnostic.Message));
    }

    [Fact]
    public void Bind_MissingElement_IsRefusedNamingIt()
    {
        var point = Point();
        point.Remove("params[1]");

        var diagnostic = Assert.Single(CircuitBinder.Bind(Programs.Valid(Program), point, "exp.yaml").Diagnostics);

        Assert.Equal(("bind.unbound-input", "input 'params[1]' has no value"), (diagnostic.Rule, diagnostic.Message));
    }

    [Theory]
    [InlineData("input array[float[64], 2] a;\nqubit q;\nrx(a[2]) q;\n", 5, 6, "qasm.index-out-of-range")]
    [InlineData("input array[float[64], 2] a;\na[0] = 1.0;\n", 4, 1, "qasm.type")]
    [InlineData("input array[bit, 2] a;\n", 3, 13, "qasm.unsupported")]
    [InlineData("input int[2] n;\ninput array[float[64], 2] a;\nqubit q;\nrx(a[n]) q;\n", 6, 6, "qasm.unsupported")]
    [InlineData("qubit a;\ninput array[float[64], 2] a;\n", 4, 27, "qasm.redefinition")]
    public void Parse_InputArrayMisused_IsRefusedAtItsPosition(string body, int line, int column, string rule)
    {
        var diagnostic = Programs.Error(Programs.Header3 + body);

        Assert.Equal((line, column, rule), (diagnostic.Line, diagnostic.Column, diagnostic.Rule));
    }

    [Fact]
    public void Bind_IfOnAnInput_KeepsTheBranchTakenAndMovesTheDirectives()
    {
        var circuit = Programs.Valid(Programs.Header3 + """
            input int basis;
            qubit q;
            if (basis == 0) { h q; } else { x q; y q; }
            #pragma after
            z q;
            """);

        Assert.IsType<InputComparison>(Assert.IsType<IfOperation>(circuit.Operations[0]).Condition);
        var zero = CircuitBinder.Bind(circuit, new Dictionary<string, double> { ["basis"] = 0 }, "exp.yaml").Circuit!;
        var one = CircuitBinder.Bind(circuit, new Dictionary<string, double> { ["basis"] = 1 }, "exp.yaml").Circuit!;

        Assert.Equal(["h", "z"], zero.Operations.Cast<GateOperation>().Select(g => g.Name));
        Assert.Equal(["x", "y", "z"], one.Operations.Cast<GateOperation>().Select(g => g.Name));
        Assert.Equal((1, 2), (zero.Directives.Single().OperationIndex, one.Directives.Single().OperationIndex));
    }

    [Theory]
    [InlineData(0, "h")]
    [InlineData(1, "x")]
    [InlineData(2, "x")]
    [InlineData(5, "z")]
    public void Bind_SwitchOnAnInput_KeepsTheCaseItsValueTakes(int basis, string gate)
    {
        var circuit = Programs.Valid(Programs.Header3 + """
            input uint[3] basis;
            qubit q;
            switch (basis) {
              case 0 { h q; }
              case 1, 2 { x q; }
              default { z q; }
            }
            """);

        var bound = CircuitBinder.Bind(circuit, new Dictionary<string, double> { ["basis"] = basis }, "exp.yaml").Circuit!;

        Assert.Equal(gate, Assert.IsType<GateOperation>(Assert.Single(bound.Operations)).Name);
    }

    [Fact]
    public void Parse_WhileOnAnInput_IsRefused()
    {
        var diagnostic = Programs.Error(Programs.Header3 + "input int n;\nint i = 0;\nwhile (i < n) { i += 1; }\n");

        Assert.Equal((5, 8, "qasm.unsupported"), (diagnostic.Line, diagnostic.Column, diagnostic.Rule));
    }
}
