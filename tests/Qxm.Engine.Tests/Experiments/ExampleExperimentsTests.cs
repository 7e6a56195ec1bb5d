using Qxm.Tests.Shared;
using Qxm.Engine.Experiments;

namespace Qxm.Engine.Tests.Experiments;

public sealed class ExampleExperimentsTests
{
    public static TheoryData<string> Examples() => new(ExampleFiles());

    [Theory]
    [MemberData(nameof(Examples))]
    public void LoadFile_Example_LoadsWithoutDiagnostics(string file)
    {
        var result = ExperimentLoader.LoadFile(Path.Combine(ExamplesDirectory(), file));

        Assert.Empty(result.Diagnostics);
        Assert.NotNull(result.Experiment);
        Assert.Equal(Path.GetFileNameWithoutExtension(file), result.Experiment.Name);
        Assert.Contains("OPENQASM", result.Experiment.CircuitSource, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFile_Examples_AreTheDocumentedSet()
    {
        Assert.Equal(["bell.yaml", "ghz5.yaml", "qaoa-maxcut-cvar.yaml", "qaoa-maxcut.yaml", "qft4.yaml", "ry-sweep.yaml", "vqe-h2.yaml"], ExampleFiles().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void LoadFile_RySweep_SweepsThetaOverSixteenPointsToTwoPi()
    {
        var experiment = ExperimentLoader.LoadFile(Path.Combine(ExamplesDirectory(), "ry-sweep.yaml")).Experiment!;

        var theta = Assert.Single(experiment.Parameters);
        Assert.Equal("theta", theta.Name);
        Assert.Equal(16, theta.Values.Count);
        Assert.Equal(2 * Math.PI, theta.Values[^1]);
        Assert.Equal((4000, 7UL), (experiment.Shots, experiment.Seed!.Value));
        Assert.Equal("ry-sweep.qasm", experiment.CircuitOrigin);
    }

    private static IEnumerable<string> ExampleFiles() =>
        Directory.GetFiles(ExamplesDirectory(), "*.yaml").Select(f => Path.GetFileName(f))
            .Where(f => f != "tenants.yaml"); // the tour's tenants file, not an experiment

    private static string ExamplesDirectory() => RepositoryFiles.Path("examples");
}
