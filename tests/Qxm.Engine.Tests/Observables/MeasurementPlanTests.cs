using Qxm.Circuits.Ir;
using Qxm.Circuits.Parsing;
using Qxm.Domain.Observables;
using Qxm.Engine.Observables;
using Qxm.Simulation.StateVector;

namespace Qxm.Engine.Tests.Observables;

public sealed class MeasurementPlanTests
{
    private const string Bell = "OPENQASM 3.0; include \"stdgates.inc\"; qubit[2] q; bit[2] c; h q[0]; cx q[0], q[1]; c = measure q;";

    private const string Entangled = """
        OPENQASM 3.0; include "stdgates.inc"; qubit[3] q;
        ry(0.7) q[0]; rx(1.1) q[1]; ry(-0.4) q[2]; cx q[0], q[1]; rz(0.3) q[1]; cx q[1], q[2]; h q[2]; s q[0]; cx q[2], q[0];
        """;

    [Fact]
    public void Exact_BellState_MatchesTheTextbook()
    {
        var circuit = Parse(Bell);
        var plan = Plan(circuit, ("zz", "Z0*Z1"), ("xx", "X0*X1"), ("yy", "Y0*Y1"), ("x0", "X0"), ("mix", "0.5*Z0*Z1 - 0.25*Y0*Y1 + 2"));

        var values = plan.Exact(StateVectorSimulator.FinalState(circuit));

        Assert.Equal([1, 1, -1, 0, 2.75], values.Select(v => Math.Round(v.Value, 12)));
        Assert.All(values, v => Assert.Equal(0, v.StandardError));
    }

    [Fact]
    public void Exact_QubitZero_IsBitZeroOfTheState()
    {
        var circuit = Parse("OPENQASM 3.0; include \"stdgates.inc\"; qubit[2] q; x q[0];");
        var plan = Plan(circuit, ("z0", "Z0"), ("z1", "Z1"));

        var values = plan.Exact(StateVectorSimulator.FinalState(circuit));

        Assert.Equal([-1.0, 1.0], values.Select(v => Math.Round(v.Value, 12)));
    }

    [Fact]
    public void Estimate_FromBasisCircuits_AgreesWithExactWithinFourStandardErrors()
    {
        var circuit = Parse(Entangled);
        var plan = Plan(circuit,
            ("h", "0.4*Z0*Z1 - 0.7*X0*X1*X2 + 0.3*Y1 + 0.9*Z2 - 0.5*Y0*Z2 + 0.2*X0 - 1"),
            ("zz", "Z0*Z1 + Z1*Z2"),
            ("y", "Y0*Y1*Y2"));
        var exact = plan.Exact(StateVectorSimulator.FinalState(circuit));

        for (var seed = 1UL; seed <= 5; seed++)
        {
            var counts = plan.Bases.Select((_, b) => StateVectorSimulator.Run(plan.BasisCircuit(circuit, b), 20_000, seed * 31 + (ulong)b).Counts).ToArray();
            var estimates = plan.Estimate(counts);
            for (var i = 0; i < exact.Count; i++)
            {
                Assert.True(estimates[i].StandardError > 0);
                Assert.True(Math.Abs(estimates[i].Value - exact[i].Value) <= 4 * estimates[i].StandardError,
                    $"seed {seed}, {exact[i].Name}: {estimates[i].Value} ± {estimates[i].StandardError}, exact {exact[i].Value}");
            }
        }
    }

    [Fact]
    public void Estimate_CorrelatedTermsInOneBasis_CountTheirCovariance()
    {
        var circuit = Parse(Bell);
        var plan = Plan(circuit, ("sum", "Z0 + Z1"));
        var counts = new Dictionary<string, long> { ["00"] = 500, ["11"] = 500 };

        var value = Assert.Single(plan.Estimate([counts]));

        // Z0 and Z1 agree on every shot, so Z0 + Z1 is +2 or -2: variance 4 (twice what independent terms would give).
        Assert.Equal(0, value.Value, 12);
        Assert.Equal(Math.Sqrt(4.0 * 1000 / 999 / 1000), value.StandardError, 12);
    }

    [Fact]
    public void BasisCircuit_RotatesEachQubitIntoItsLetterAndMeasuresAll()
    {
        var circuit = Parse(Bell);
        var plan = Plan(circuit, ("xy", "X0*Y1"));

        var basis = plan.BasisCircuit(circuit, 0);

        Assert.Equal(["YX"], plan.Bases);
        Assert.Equal(2, basis.ClbitCount);
        var tail = basis.Operations.Skip(2).Select(o => o switch
        {
            GateOperation g => $"{g.Name} {g.Qubits[0]}",
            MeasureOperation m => $"measure {m.Qubit}->{m.Clbit}",
            _ => o.GetType().Name,
        });
        Assert.Equal(["rz 0", "sx 0", "sx 1", "measure 0->0", "measure 1->1"], tail);
    }

    [Fact]
    public void Create_QubitBeyondTheCircuitOrMidCircuitMeasurement_IsRefused()
    {
        var (plan, diagnostics) = MeasurementPlan.Create([Observable("far", "Z5")], ExpectationMode.Shots, Parse(Bell), "bell.qasm");

        Assert.Null(plan);
        Assert.Equal("bell.qasm: observables.far: observable 'far' acts on qubit 5 but the circuit has 2 qubits (0 to 1)", Assert.Single(diagnostics).ToString());

        var midway = Parse("OPENQASM 3.0; include \"stdgates.inc\"; qubit[1] q; bit[1] c; c[0] = measure q[0]; x q[0];");
        (plan, diagnostics) = MeasurementPlan.Create([Observable("z", "Z0")], ExpectationMode.Shots, midway, "m.qasm");
        Assert.Null(plan);
        Assert.Equal(MeasurementPlan.RuleCircuit, Assert.Single(diagnostics).Rule);
    }

    [Fact]
    public void Create_LetterMapOfAnotherWidth_IsRefused()
    {
        var observable = Observable("h", "Z0*Z1") with { Width = 3 };

        var (plan, diagnostics) = MeasurementPlan.Create([observable], ExpectationMode.Shots, Parse(Bell), "bell.qasm");

        Assert.Null(plan);
        Assert.Contains("written with 3 letters per term but the circuit has 2 qubits", Assert.Single(diagnostics).Message, StringComparison.Ordinal);
    }

    private static Circuit Parse(string source)
    {
        var parsed = OpenQasmParser.Parse(source, "<test>");
        Assert.NotNull(parsed.Circuit);
        return parsed.Circuit;
    }

    private static Observable Observable(string name, string expression) =>
        new(name, [.. PauliExpression.Parse(expression, out _)!.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => new PauliTerm(t.Key, t.Value))]);

    private static MeasurementPlan Plan(Circuit circuit, params (string Name, string Expression)[] observables)
    {
        var (plan, diagnostics) = MeasurementPlan.Create([.. observables.Select(o => Observable(o.Name, o.Expression))], ExpectationMode.Shots, circuit, "<test>");
        Assert.Empty(diagnostics);
        return plan!;
    }
}
