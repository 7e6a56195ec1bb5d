using Qxm.Domain.Observables;
using Qxm.Domain.Runs;
using Qxm.Engine.Api;
using Qxm.Engine.Experiments;
using Qxm.Engine.Tests.Engine;
using Qxm.Engine.Tests.Experiments;

namespace Qxm.Engine.Tests.Observables;

public sealed class ObservableExperimentTests
{
    private const string Yaml = """
        name: bell-observables
        circuit:
          source: |
            OPENQASM 3.0;
            include "stdgates.inc";
            input float theta;
            qubit[2] q;
            ry(theta) q[0];
            cx q[0], q[1];
        parameters:
          theta: [0.0, 1.2]
        shots: 4000
        seed: 11
        observables:
          energy: "0.5*Z0*Z1 - 0.3*X1 + 0.1"
          map: {ZZ: 0.5, XI: -0.3, II: 0.1}
          x: "X0*X1"
        """;

    [Fact]
    public void Load_BothSpellings_GiveTheSameTerms()
    {
        var experiment = LoadAssert.Loads(Yaml);

        Assert.Equal(["energy", "map", "x"], experiment.Observables.Select(o => o.Name));
        Assert.Equal(experiment.Observables[0].Terms, experiment.Observables[1].Terms);
        Assert.Equal([new PauliTerm("I", 0.1), new PauliTerm("X1", -0.3), new PauliTerm("Z0 Z1", 0.5)], experiment.Observables[0].Terms);
        Assert.Null(experiment.Observables[0].Width);
        Assert.Equal(2, experiment.Observables[1].Width);
    }

    [Fact]
    public void Load_KeysOfUnequalLength_PointAtTheKey()
    {
        var diagnostic = LoadAssert.FailsOnce("name: e\ncircuit: {source: x}\nshots: 1\nobservables:\n  h:\n    ZZ: 0.5\n    XIZ: 1\n");

        LoadAssert.Located(diagnostic, ExperimentRules.Value, 7, 5, "observables.h.XIZ");
        Assert.Contains("'XIZ' has 3 letters but 'ZZ' has 2", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_BadExpressionOrLetter_IsLocated()
    {
        var expression = LoadAssert.FailsOnce("name: e\ncircuit: {source: x}\nshots: 1\nobservables:\n  h: 0.5*Z0*W1\n");
        LoadAssert.Located(expression, ExperimentRules.Value, 5, 6, "observables.h");
        Assert.Equal("observables.h \"0.5*Z0*W1\" is not a Pauli sum: expected a number or a Pauli factor such as Z0, found 'W' at character 8", expression.Message);

        var letter = LoadAssert.FailsOnce("name: e\ncircuit: {source: x}\nshots: 1\nobservables:\n  h: {ZQ: 1}\n");
        Assert.Equal(5, letter.Line);
        Assert.Equal(ExperimentRules.Value, letter.Rule);
    }

    [Fact]
    public void Load_ExactOnAnotherBackend_IsRefused()
    {
        var diagnostic = LoadAssert.FailsOnce("name: e\ncircuit: {source: x}\nshots: 1\nbackend: sim.noisy\nobservables:\n  h: Z0\nexpectation: exact\n");

        LoadAssert.Located(diagnostic, ExperimentRules.Value, 7, 14, "expectation");
    }

    [Fact]
    public async Task Run_WithObservables_ReturnsEstimatesNearTheExactValuesPerPoint()
    {
        await using var fx = await EngineFixture.StartAsync();
        var run = (await fx.Service.SubmitAsync(LoadAssert.Loads(Yaml), new SubmitOptions(), default)).Run!;

        Assert.True(await fx.Engine.RunOnceAsync("w", default));

        var result = await fx.Service.GetResultAsync(run.Id, default);
        Assert.Equal(RunState.Succeeded, (await fx.Service.GetAsync(run.Id, default))!.State);
        Assert.Equal(2, result!.Points.Count);
        foreach (var point in result.Points)
        {
            // ry(theta) then cx: <Z0 Z1> = 1, <X1> = 0, <X0 X1> = sin(theta).
            var theta = point.Parameters["theta"];
            Assert.Equal(["XX", "ZZ"], point.Bases!.Select(b => b.Basis).Order(StringComparer.Ordinal));
            Assert.Equal(point.Bases![0].Counts, point.Counts);
            var values = point.Observables!.ToDictionary(v => v.Name);
            Assert.Equal(values["energy"], values["map"] with { Name = "energy" });
            AssertNear(0.6, values["energy"]);
            AssertNear(Math.Sin(theta), values["x"]);
        }
    }

    [Fact]
    public async Task Run_Exact_GivesTheStateValueWithoutError()
    {
        await using var fx = await EngineFixture.StartAsync();
        var run = (await fx.Service.SubmitAsync(LoadAssert.Loads(Yaml + "\nexpectation: exact\n"), new SubmitOptions(), default)).Run!;

        await fx.Engine.RunOnceAsync("w", default);

        var point = (await fx.Service.GetResultAsync(run.Id, default))!.Points[1];
        var x = point.Observables!.Single(v => v.Name == "x");
        Assert.Equal(Math.Sin(1.2), x.Value, 6);
        Assert.Equal(0, x.StandardError);
    }

    [Fact]
    public void Fingerprint_ChangesWithObservablesOnly()
    {
        var plain = LoadAssert.Loads(Yaml.Split("observables:")[0]);
        var with = LoadAssert.Loads(Yaml);
        var exact = LoadAssert.Loads(Yaml + "\nexpectation: exact\n");

        var fingerprints = new[] { plain, with, exact }
            .Select(e => Submission.Fingerprint.Compute(Circuits.Parsing.OpenQasmParser.Parse(e.CircuitSource, e.CircuitOrigin).Circuit!, Submission.ExperimentSpec.From(e, new Dictionary<string, string>())))
            .ToArray();

        Assert.Equal(3, fingerprints.Distinct(StringComparer.Ordinal).Count());
        Assert.DoesNotContain("observable", Submission.Fingerprint.CanonicalText(
            Circuits.Parsing.OpenQasmParser.Parse(plain.CircuitSource, plain.CircuitOrigin).Circuit!, Submission.ExperimentSpec.From(plain, new Dictionary<string, string>())), StringComparison.Ordinal);
    }

    private static void AssertNear(double expected, ObservableValue value)
    {
        Assert.True(value.StandardError > 0, $"{value.Name} has no standard error");
        Assert.True(Math.Abs(value.Value - expected) <= 4 * value.StandardError, $"{value.Name}: {value.Value} ± {value.StandardError}, expected {expected}");
    }
}
