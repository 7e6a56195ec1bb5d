using Qxm.Domain.Experiments;
using Qxm.Engine.Submission;

namespace Qxm.Engine.Tests.Engine;

public sealed class ExperimentPreparationTests
{
    [Fact]
    public void Prepare_SweepPastTheBindingBudget_RefusedBeforeBinding()
    {
        // 2,000 qubits × 2 operations × 1,001 points is past 4,000,000 bound operations.
        var experiment = new ExperimentDefinition
        {
            Name = "wide",
            CircuitSource = "OPENQASM 3.0;\ninclude \"stdgates.inc\";\ninput float t;\nqubit[2000] q;\nrx(t) q;\nry(t) q;\n",
            CircuitOrigin = "wide.qasm",
            Parameters = [new ParameterAxis("t", [.. Enumerable.Range(0, 1001).Select(i => i / 1000.0)])],
            Shots = 1,
        };

        var (prepared, diagnostics) = ExperimentPreparation.Prepare(ExperimentSpec.From(experiment, new Dictionary<string, string>()));

        Assert.Null(prepared);
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(("bind.expansion-limit", "wide.qasm", "/parameters"), (diagnostic.Rule, diagnostic.File, diagnostic.Path));
        Assert.Contains("1,001 sweep points", diagnostic.Message, StringComparison.Ordinal);
    }
}
