using Qxm.Domain.Experiments;
using Qxm.Engine.Experiments;

namespace Qxm.Engine.Tests.Experiments;

public sealed class RequirementsLoaderTests
{
    private const string Circuit = "circuit: {source: \"OPENQASM 2.0;\\nqreg q[1];\\n\"}\n";

    [Fact]
    public void Requirements_WithoutBackend_LeaveTheChoiceToSubmission()
    {
        var loaded = ExperimentLoader.LoadText(
            "name: r\n" + Circuit + "shots: 10\nrequirements:\n  minQubits: 5\n  nativeGates: [cz, rz]\n  connectivity: all-to-all\n  maxCostPerShot: 0.01\n",
            ExperimentFormat.Yaml, "r.yaml", baseDirectory: null);

        var experiment = Assert.IsType<ExperimentDefinition>(loaded.Experiment);
        Assert.Equal(ExperimentDefinition.AnyBackend, experiment.Backend);
        Assert.Equal(new BackendRequirements(5, experiment.Requirements!.NativeGates, Connectivity.AllToAll, 0.01m), experiment.Requirements);
        Assert.Equal(["cz", "rz"], experiment.Requirements.NativeGates);
    }

    [Fact]
    public void Requirements_WithAnUnknownField_AreRefusedByTheSchema()
    {
        var loaded = ExperimentLoader.LoadText(
            "name: r\n" + Circuit + "shots: 10\nrequirements:\n  qubits: 5\n", ExperimentFormat.Yaml, "r.yaml", baseDirectory: null);

        Assert.Null(loaded.Experiment);
        Assert.Contains(loaded.Diagnostics, d => d.Rule == ExperimentRules.UnknownField);
    }
}
