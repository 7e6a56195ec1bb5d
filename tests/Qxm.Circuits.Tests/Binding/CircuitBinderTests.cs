using Qxm.Circuits.Binding;
using Qxm.Circuits.Ir;
using Qxm.Circuits.Tests.Parsing;

namespace Qxm.Circuits.Tests.Binding;

public class CircuitBinderTests
{
    private const string Program = Programs.Header3 + """
        input float theta;
        input angle phi;
        qubit[2] q;
        bit[2] c;
        rx(theta / 2) q[0];
        cu(theta, phi, 0, -phi) q[0], q[1];
        h q[1];
        c = measure q;
        """;

    private static Circuit Parsed => Programs.Valid(Program);

    [Fact]
    public void Bind_AllInputs_FoldsEveryParameterToAConstant()
    {
        var result = CircuitBinder.Bind(Parsed, new Dictionary<string, double> { ["theta"] = 1.0, ["phi"] = 0.25 }, "exp.yaml");

        Assert.Empty(result.Diagnostics);
        var circuit = Assert.IsType<Circuit>(result.Circuit);
        Assert.Empty(circuit.Inputs);
        var gates = circuit.Operations.OfType<GateOperation>().ToArray();
        Assert.All(gates.SelectMany(g => g.Parameters), p => Assert.IsType<ConstantExpr>(p));
        Assert.Equal([0.5], gates[0].Parameters.Select(p => p.Value));
        Assert.Equal([1.0, 0.25, 0, -0.25], gates[1].Parameters.Select(p => p.Value));
        Assert.Equal(Parsed.Operations.Length, circuit.Operations.Length);
        Assert.Equal(Parsed.Operations[0].Span, circuit.Operations[0].Span);
    }

    [Fact]
    public void Bind_ConditionalOperation_BindsItsBody()
    {
        var parsed = Programs.Valid(Programs.Header3 + "input float t;\nqreg q[1];\ncreg c[1];\nrx(t) q[0];\n");
        var conditional = parsed with
        {
            Operations = [new ConditionalOperation(0, 1, 1, parsed.Operations[0], new SourceSpan(9, 1))],
        };

        var result = CircuitBinder.Bind(conditional, new Dictionary<string, double> { ["t"] = 2 }, "exp.yaml");

        var body = Assert.IsType<GateOperation>(Assert.IsType<ConditionalOperation>(Assert.Single(result.Circuit!.Operations)).Body);
        Assert.Equal(new ConstantExpr(2), body.Parameters[0]);
    }

    [Fact]
    public void Bind_CircuitWithoutInputs_ReturnsAnEquivalentCircuit()
    {
        var parsed = Programs.Valid(Programs.Header2 + "qreg q[1];\nrx(pi) q[0];\n");

        var result = CircuitBinder.Bind(parsed, new Dictionary<string, double>(), "a.qasm");

        Assert.Empty(result.Diagnostics);
        Assert.Equal(parsed.ToCanonicalString(), result.Circuit!.ToCanonicalString());
    }

    [Fact]
    public void Bind_MissingInput_ReportsUnboundInput()
    {
        var result = CircuitBinder.Bind(Parsed, new Dictionary<string, double> { ["theta"] = 1.0 }, "exp.yaml");

        Assert.Null(result.Circuit);
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(("bind.unbound-input", "input 'phi' has no value", "exp.yaml"), (diagnostic.Rule, diagnostic.Message, diagnostic.File));
    }

    [Fact]
    public void Bind_UnknownName_ReportsUnknownParameter()
    {
        var values = new Dictionary<string, double> { ["theta"] = 1.0, ["phi"] = 0.0, ["gamma"] = 2.0 };

        var result = CircuitBinder.Bind(Parsed, values, "exp.yaml");

        Assert.Null(result.Circuit);
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(("bind.unknown-parameter", "'gamma' is not an input of the circuit (inputs are theta, phi)"), (diagnostic.Rule, diagnostic.Message));
    }

    [Theory]
    [InlineData(double.NaN, "input 'theta' is given the non-finite value NaN")]
    [InlineData(double.PositiveInfinity, "input 'theta' is given the non-finite value Infinity")]
    public void Bind_NonFiniteValue_ReportsNonFinite(double value, string message)
    {
        var result = CircuitBinder.Bind(Parsed, new Dictionary<string, double> { ["theta"] = value, ["phi"] = 0 }, "exp.yaml");

        Assert.Null(result.Circuit);
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(("bind.non-finite", message), (diagnostic.Rule, diagnostic.Message));
    }

    [Fact]
    public void Bind_ParameterEvaluatingToInfinity_ReportsNonFiniteAtTheGate()
    {
        var parsed = Programs.Valid(Programs.Header3 + "input float t;\nqubit q;\nrx(1 / t) q;\n");

        var result = CircuitBinder.Bind(parsed, new Dictionary<string, double> { ["t"] = 0 }, "exp.qasm");

        Assert.Null(result.Circuit);
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(("bind.non-finite", "parameter 1 of gate 'rx' evaluates to Infinity", "exp.qasm", 5, 1),
            (diagnostic.Rule, diagnostic.Message, diagnostic.File, diagnostic.Line, diagnostic.Column));
    }

    [Fact]
    public void Bind_ConstantNonFiniteParameter_ReportsNonFinite()
    {
        var parsed = Programs.Valid(Programs.Header2 + "qreg q[1];\nrx(sqrt(-1)) q[0];\n");

        var result = CircuitBinder.Bind(parsed, new Dictionary<string, double>(), "a.qasm");

        Assert.Equal("bind.non-finite", Assert.Single(result.Diagnostics).Rule);
    }
}
