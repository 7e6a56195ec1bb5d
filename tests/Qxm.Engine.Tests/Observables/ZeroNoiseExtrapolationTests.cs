using Qxm.Circuits.Ir;
using Qxm.Circuits.Parsing;
using Qxm.Domain.Observables;
using Qxm.Domain.Runs;
using Qxm.Engine.Api;
using Qxm.Engine.Experiments;
using Qxm.Engine.Observables;
using Qxm.Engine.Tests.Engine;
using Qxm.Simulation.StateVector;

namespace Qxm.Engine.Tests.Observables;

/// <summary>Zero-noise extrapolation: folding leaves the ideal result alone and multiplies the noise, the fits read a
/// polynomial's value at zero exactly, and on a noisy device the extrapolated value lands nearer the ideal one than the
/// raw value does.</summary>
public sealed class ZeroNoiseExtrapolationTests
{
    private const string Entangled = """
        OPENQASM 3.0; include "stdgates.inc"; qubit[3] q;
        ry(0.7) q[0]; rx(1.1) q[1]; ry(-0.4) q[2]; cx q[0], q[1]; rz(0.3) q[1]; cx q[1], q[2]; h q[2]; s q[0]; t q[1]; sx q[2];
        u3(0.2, 0.5, -0.9) q[0]; barrier q; cx q[2], q[0]; swap q[0], q[1]; cz q[1], q[2];
        """;

    [Fact]
    public void Weights_Richardson135_AreTheLagrangeWeightsAtZero()
    {
        Assert.Equal([15.0 / 8, -5.0 / 4, 3.0 / 8], UnitaryFolding.Weights([1, 3, 5], ZneFit.Richardson), new Close(1e-12));
        Assert.Equal([26.0 / 24, 8.0 / 24, -10.0 / 24], UnitaryFolding.Weights([1, 3, 5], ZneFit.Linear), new Close(1e-12));
    }

    [Theory]
    [InlineData(ZneFit.Richardson, new[] { 1, 3, 5 })]
    [InlineData(ZneFit.Richardson, new[] { 1, 3, 5, 7, 9 })]
    [InlineData(ZneFit.Linear, new[] { 1, 5, 9 })]
    public void Extrapolate_ReadsTheFittedCurveAtZero(ZneFit fit, int[] scales)
    {
        // Richardson is exact for a polynomial of degree below the number of points; the linear fit for a line.
        Func<double, double> f = fit == ZneFit.Richardson ? x => 0.9 - (0.07 * x) + (0.004 * x * x) : x => 0.9 - (0.07 * x);
        IReadOnlyList<ObservableValue>[] scaled = [.. scales.Select(s => (IReadOnlyList<ObservableValue>)[new ObservableValue("e", f(s), 0.01)])];

        var value = Assert.Single(UnitaryFolding.Extrapolate(scaled, new ZneSettings(scales, fit)));

        Assert.Equal(0.9, value.Value, 10);
        var weights = UnitaryFolding.Weights(scales, fit);
        Assert.Equal(0.01 * Math.Sqrt(weights.Sum(w => w * w)), value.StandardError, 12);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(7)]
    public void Fold_LeavesTheIdealStateAlone_AndMultipliesTheGates(int scale)
    {
        var circuit = OpenQasmParser.Parse(Entangled, "<test>").Circuit!;
        var plan = Plan(circuit, new ZneSettings([1, scale], ZneFit.Richardson));

        var once = plan.BasisCircuit(circuit, 0, 1);
        var folded = plan.BasisCircuit(circuit, 0, scale);

        var expected = StateVectorSimulator.FinalState(once);
        var actual = StateVectorSimulator.FinalState(folded);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True((expected[i] - actual[i]).Magnitude < 1e-9, $"amplitude {i}: {expected[i]} against {actual[i]}");
        }

        Assert.Equal(scale * circuit.Operations.Count(o => o is GateOperation), folded.Operations.Count(o => o is GateOperation));
    }

    [Theory]
    [InlineData("OPENQASM 3.0; include \"stdgates.inc\"; qubit[2] q; h q[0]; box { cx q[0], q[1]; }", "box", 1, 59)]
    [InlineData("OPENQASM 3.0; include \"stdgates.inc\"; qubit[2] q;\nh q[0];\ndelay[100ns] q[1];", "delay", 3, 1)]
    public void Plan_CircuitThatCannotBeFolded_IsRefusedWhereTheOperationIs(string source, string what, int line, int column)
    {
        var circuit = OpenQasmParser.Parse(source, "c.qasm").Circuit!;

        var (plan, diagnostics) = MeasurementPlan.Create([Observable("z", "Z0")], ExpectationMode.Shots, circuit, "c.qasm", MitigationMethod.Zne, ZneSettings.Default);

        Assert.Null(plan);
        var error = Assert.Single(diagnostics);
        Assert.Equal(UnitaryFolding.Rule, error.Rule);
        Assert.Contains(what, error.Message, StringComparison.Ordinal);
        Assert.Equal((line, column), (error.Line, error.Column));
    }

    [Theory]
    [InlineData("mitigation: zne\nexpectation: exact", "experiment.zne", "no noise to extrapolate")]
    [InlineData("mitigation: {method: zne, scaleFactors: [1, 2, 5]}", "experiment.value", "odd and ascending from 1")]
    [InlineData("mitigation: {method: zne, scaleFactors: [3, 5]}", "experiment.value", "odd and ascending from 1")]
    [InlineData("mitigation: {method: zne, scaleFactors: [1, 17]}", "experiment", "must be at most 15")]
    [InlineData("mitigation: {method: zne, fit: cubic}", "experiment", "must be one of richardson, linear")]
    public void Experiment_BadZneSettings_AreRefusedWithTheReason(string mitigation, string rule, string says)
    {
        var text = $"name: z\ncircuit:\n  source: |\n    OPENQASM 3.0; include \"stdgates.inc\"; qubit[1] q; x q[0];\nshots: 100\nobservables: {{z: {{Z: 1}}}}\n{mitigation}\n";

        var loaded = ExperimentLoader.LoadText(text, ExperimentFormat.Yaml, "z.yaml", null);
        var diagnostics = loaded.Diagnostics.Where(d => d.IsError).ToList();
        if (loaded.Experiment is { } experiment && diagnostics.Count == 0)
        {
            diagnostics = [.. Submission.ExperimentPreparation.Prepare(Submission.ExperimentSpec.From(experiment, new Dictionary<string, string>())).Diagnostics.Where(d => d.IsError)];
        }

        Assert.Contains(diagnostics, d => d.Rule.StartsWith(rule, StringComparison.Ordinal) && d.Message.Contains(says, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_OnANoisyDevice_ExtrapolatesNearerTheIdealValueThanRawAndKeepsEveryScale()
    {
        // heavyhex27 with perfect readout, which folding does not scale: what remains is gate and relaxation noise.
        await using var fx = await EngineFixture.StartWithPerfectReadoutHeavyHexAsync("heavyhex27-zne");
        const string Experiment = """
            name: zne-zz
            circuit:
              source: |
                OPENQASM 3.0;
                include "stdgates.inc";
                qubit[2] q;
                x q[0];
                cx q[0], q[1];
                cx q[0], q[1]; cx q[0], q[1];
                cx q[0], q[1]; cx q[0], q[1];
                cx q[0], q[1]; cx q[0], q[1];
            backend: fake.heavyhex27-zne
            shots: 20000
            seed: 77
            observables: {zz: Z0*Z1}
            mitigation: zne
            """;
        var loaded = ExperimentLoader.LoadText(Experiment, ExperimentFormat.Yaml, "zne.yaml", null);
        Assert.Empty(loaded.Diagnostics);

        var submitted = await fx.Service.SubmitAsync(loaded.Experiment!, new SubmitOptions(), default);
        Assert.True(submitted.Run is not null, string.Join("\n", submitted.Diagnostics));
        var run = await fx.RunToEndAsync(submitted.Run.Id);
        Assert.True(run.State == RunState.Succeeded, run.Error);
        var point = Assert.Single((await fx.Service.GetResultAsync(run.Id, default))!.Points);

        // The ideal value of Z0 Z1 on |11> is +1.
        var zne = Assert.Single(point.Observables!);
        var raw = Assert.Single(point.RawObservables!);
        Assert.True(1 - raw.Value > 10 * raw.StandardError, $"raw {raw.Value} ± {raw.StandardError}: the device's noise should show");
        Assert.True(Math.Abs(zne.Value - 1) < 0.35 * (1 - raw.Value), $"extrapolated {zne.Value} ± {zne.StandardError}, raw {raw.Value} ± {raw.StandardError}");
        Assert.True(zne.StandardError > raw.StandardError);

        var mitigation = point.Mitigation!;
        Assert.Equal(MitigationMethod.Zne, mitigation.Method);
        Assert.Equal([1, 3, 5], mitigation.Zne!.ScaleFactors);
        Assert.Equal(3, mitigation.Scaled!.Count);
        Assert.True(mitigation.Scaled[0][0].Value > mitigation.Scaled[1][0].Value && mitigation.Scaled[1][0].Value > mitigation.Scaled[2][0].Value,
            "the value should fall as the noise is scaled up: " + string.Join(", ", mitigation.Scaled.Select(s => s[0].Value)));
        Assert.Equal([1, 3, 5], point.Bases!.Select(b => b.Scale ?? 0));
        Assert.All(point.Bases!, b => Assert.Equal(20000, b.Counts.Values.Sum()));
    }

    private sealed class Close(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(double obj) => 0;
    }

    private static Observable Observable(string name, string expression) =>
        new(name, [.. PauliExpression.Parse(expression, out _)!.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => new PauliTerm(t.Key, t.Value))]);

    private static MeasurementPlan Plan(Circuit circuit, ZneSettings zne)
    {
        var (plan, diagnostics) = MeasurementPlan.Create([Observable("z", "Z0")], ExpectationMode.Shots, circuit, "<test>", MitigationMethod.Zne, zne);
        Assert.Empty(diagnostics);
        return plan!;
    }
}
