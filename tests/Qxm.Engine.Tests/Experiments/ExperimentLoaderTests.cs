using Qxm.Domain.Calibration;
using Qxm.Domain.Experiments;
using Qxm.Engine.Experiments;

namespace Qxm.Engine.Tests.Experiments;

public sealed class ExperimentLoaderTests
{
    private const string Full = """
        version: 1
        name: ry-sweep
        circuit: {source: "OPENQASM 3.0; qubit q;"}
        parameters:
          phi: 0.25
          theta: {linspace: {start: 0, stop: 6.283185307179586, num: 16}}
          gamma: [0.1, 0.2, 0.3]
        sweep: grid
        shots: 4000
        backend: sim.noisy
        seed: 7
        priority: high
        tags: [demo, sweep]
        """;

    [Fact]
    public void LoadText_EveryField_MapsToDefinition()
    {
        var experiment = LoadAssert.Loads(Full);

        Assert.Equal("ry-sweep", experiment.Name);
        Assert.Equal(LoadAssert.Circuit, experiment.CircuitSource);
        Assert.Equal("<inline>", experiment.CircuitOrigin);
        Assert.Equal(["phi", "theta", "gamma"], experiment.Parameters.Select(p => p.Name));
        Assert.Equal([0.25], experiment.Parameters[0].Values);
        Assert.Equal(16, experiment.Parameters[1].Values.Count);
        Assert.Equal([0.1, 0.2, 0.3], experiment.Parameters[2].Values);
        Assert.Equal(SweepMode.Grid, experiment.Sweep);
        Assert.Equal(4000, experiment.Shots);
        Assert.Equal("sim.noisy", experiment.Backend);
        Assert.Equal(7UL, experiment.Seed);
        Assert.Equal(Priority.High, experiment.Priority);
        Assert.Equal(["demo", "sweep"], experiment.Tags);
    }

    [Fact]
    public void LoadText_Options_MapToRunOptions() =>
        Assert.Equal(new RunOptions(2, "single"), LoadAssert.Loads(Full + "\noptions: {threads: 2, precision: single}").Options);

    [Theory]
    [InlineData("run", DriftPolicy.Run)]
    [InlineData("flag", DriftPolicy.Flag)]
    [InlineData("hold", DriftPolicy.Hold)]
    public void LoadText_OnDrift_MapsToThePolicy(string text, DriftPolicy policy)
    {
        Assert.Equal(policy, LoadAssert.Loads(Full + $"\nonDrift: {text}").OnDrift);
        Assert.Null(LoadAssert.Loads(Full).OnDrift);
    }

    [Fact]
    public void LoadText_OnlyRequiredFields_AppliesDefaults()
    {
        var experiment = LoadAssert.Loads("name: a\ncircuit: {source: \"OPENQASM 3.0; qubit q;\"}\nshots: 1\n");

        Assert.Empty(experiment.Parameters);
        Assert.Equal(SweepMode.Grid, experiment.Sweep);
        Assert.Equal("sim.statevector", experiment.Backend);
        Assert.Null(experiment.Seed);
        Assert.Equal(Priority.Normal, experiment.Priority);
        Assert.Empty(experiment.Tags);
        Assert.Null(experiment.Options);
        Assert.Single(experiment.SweepPoints());
    }

    [Fact]
    public void LoadText_Linspace_EndpointsExact()
    {
        var values = LoadAssert.Loads(Full).Parameters[1].Values;

        Assert.Equal(0.0, values[0]);
        Assert.Equal(2 * Math.PI, values[^1]);
        Assert.Equal(2 * Math.PI / 15, values[1], 15);
        Assert.True(values.Zip(values.Skip(1)).All(pair => pair.First < pair.Second));
    }

    [Fact]
    public void LoadText_LinspaceOfOne_IsStart()
    {
        var experiment = LoadAssert.Loads("name: a\ncircuit: {source: x}\nshots: 1\nparameters: {t: {linspace: {start: 1.5, stop: 9, num: 1}}}\n");

        Assert.Equal([1.5], experiment.Parameters[0].Values);
    }

    [Fact]
    public void LoadText_ElementsOfAnInputArray_AreParametersNamedWithTheirIndices()
    {
        var experiment = LoadAssert.Loads("""
            name: a
            circuit: {source: x}
            shots: 1
            parameters:
              params[0]: 0.25
              params[1]: [0.1, 0.2]
              m[1][0]: 3
            """);

        Assert.Equal(["params[0]", "params[1]", "m[1][0]"], experiment.Parameters.Select(p => p.Name));
        Assert.Equal([0.1, 0.2], experiment.SweepPoints().Select(p => p["params[1]"]));
    }

    [Fact]
    public void LoadText_ArithmeticStrings_Evaluate()
    {
        var experiment = LoadAssert.Loads("""
            name: a
            circuit: {source: x}
            shots: 1
            parameters:
              a: pi/2
              b: "2*pi"
              c: ["-pi", "(1 + 2) * 3", -(4)/8, 1e-3]
              d: {linspace: {start: -pi, stop: pi, num: 3}}
            """);

        Assert.Equal([Math.PI / 2], experiment.Parameters[0].Values);
        Assert.Equal([2 * Math.PI], experiment.Parameters[1].Values);
        Assert.Equal([-Math.PI, 9, -0.5, 0.001], experiment.Parameters[2].Values);
        Assert.Equal([-Math.PI, 0, Math.PI], experiment.Parameters[3].Values);
    }

    [Fact]
    public void SweepPoints_Grid_IsCartesianProduct()
    {
        var experiment = LoadAssert.Loads(Full);

        Assert.Equal(1 * 16 * 3, experiment.SweepPoints().Count);
    }

    [Fact]
    public void SweepPoints_Zip_AdvancesTogetherAndBroadcastsFixed()
    {
        var experiment = LoadAssert.Loads("""
            name: a
            circuit: {source: x}
            shots: 1
            sweep: zip
            parameters: {a: [1, 2, 3], b: {linspace: {start: 10, stop: 30, num: 3}}, c: 5}
            """);

        var points = experiment.SweepPoints();
        Assert.Equal(SweepMode.Zip, experiment.Sweep);
        Assert.Equal(3, points.Count);
        Assert.Equal(30, points[2]["b"]);
        Assert.Equal(5, points[1]["c"]);
    }

    [Fact]
    public void LoadText_CircuitForms_ResolveAgainstBaseDirectory()
    {
        using var dir = new TempDirectory();
        dir.Write("circuits/ry.qasm", "OPENQASM 3.0;");

        var plain = LoadAssert.Loads("name: a\ncircuit: circuits/ry.qasm\nshots: 1\n", baseDirectory: dir.Path);
        var mapped = LoadAssert.Loads("name: a\ncircuit: {path: circuits/ry.qasm}\nshots: 1\n", baseDirectory: dir.Path);

        Assert.Equal("OPENQASM 3.0;", plain.CircuitSource);
        Assert.Equal("circuits/ry.qasm", plain.CircuitOrigin);
        DefinitionAssert.Equivalent(plain, mapped);
    }

    [Fact]
    public void LoadText_JsonAndYamlOfSameExperiment_GiveEqualDefinitions()
    {
        var json = """
            {
              "version": 1,
              "name": "ry-sweep",
              "circuit": {"source": "OPENQASM 3.0; qubit q;"},
              "parameters": {
                "phi": 0.25,
                "theta": {"linspace": {"start": 0, "stop": 6.283185307179586, "num": 16}},
                "gamma": [0.1, 0.2, 0.3]
              },
              "sweep": "grid",
              "shots": 4000,
              "backend": "sim.noisy",
              "seed": 7,
              "priority": "high",
              "tags": ["demo", "sweep"]
            }
            """;

        DefinitionAssert.Equivalent(LoadAssert.Loads(Full), LoadAssert.Loads(json, ExperimentFormat.Json));
    }

    [Fact]
    public void LoadText_ReorderedKeysAndOtherStyle_GiveEqualDefinition()
    {
        var reordered = """
            tags:
              - demo
              - sweep
            seed: 7
            shots: 4000
            priority: 'high'
            parameters:
              phi: 0.25
              theta:
                linspace:
                  num: 16
                  stop: 6.283185307179586
                  start: 0.0
              gamma:
                - 0.1
                - 0.2
                - 0.3
            backend: "sim.noisy"
            circuit:
              source: OPENQASM 3.0; qubit q;
            name: ry-sweep
            sweep: grid
            version: 1
            """;

        DefinitionAssert.Equivalent(LoadAssert.Loads(Full), LoadAssert.Loads(reordered));
    }

    [Fact]
    public void LoadText_LargestSeed_Loads()
    {
        var experiment = LoadAssert.Loads("name: a\ncircuit: {source: x}\nshots: 10000000\nseed: 18446744073709551615\n");

        Assert.Equal(ulong.MaxValue, experiment.Seed);
        Assert.Equal(10_000_000, experiment.Shots);
    }

    [Fact]
    public void LoadFile_YamlAndJsonFiles_LoadWithCircuitNextToThem()
    {
        using var dir = new TempDirectory();
        dir.Write("bell.qasm", "OPENQASM 2.0;");
        var yaml = dir.Write("bell.yml", "name: bell\ncircuit: bell.qasm\nshots: 10\n");
        var json = dir.Write("bell.json", """{"name": "bell", "circuit": "bell.qasm", "shots": 10}""");

        var fromYaml = ExperimentLoader.LoadFile(yaml);
        var fromJson = ExperimentLoader.LoadFile(json);

        Assert.Empty(fromYaml.Diagnostics);
        Assert.Empty(fromJson.Diagnostics);
        Assert.Equal("OPENQASM 2.0;", fromYaml.Experiment!.CircuitSource);
        DefinitionAssert.Equivalent(fromYaml.Experiment, fromJson.Experiment!);
    }

    [Fact]
    public void LoadText_YamlAlias_CopiesAnchoredValue()
    {
        var experiment = LoadAssert.Loads("name: a\ncircuit: {source: x}\nshots: 1\nsweep: zip\nparameters: {a: &v [1, 2], b: *v}\n");

        Assert.Equal([1.0, 2.0], experiment.Parameters[1].Values);
    }

    [Fact]
    public void LoadText_YamlNumberSpellings_ReadAsNumbers()
    {
        var experiment = LoadAssert.Loads("name: a\ncircuit: {source: x}\nshots: 0x10\nseed: 0o17\nparameters: {p: [+1., .5, 1E2, 007]}\n");

        Assert.Equal((16, 15UL), (experiment.Shots, experiment.Seed!.Value));
        Assert.Equal([1.0, 0.5, 100.0, 7.0], experiment.Parameters[0].Values);
    }

    [Fact]
    public void LoadText_DocumentedJsonExample_MatchesYamlExample()
    {
        using var dir = new TempDirectory();
        dir.Write("ry-sweep.qasm", "OPENQASM 3.0;");
        var json = """
            {
              "version": 1,
              "name": "ry-sweep",
              "circuit": "ry-sweep.qasm",
              "parameters": {
                "theta": { "linspace": { "start": 0, "stop": "2*pi", "num": 16 } }
              },
              "shots": 4000,
              "seed": 7,
              "tags": ["demo", "sweep"]
            }
            """;
        var yaml = "name: ry-sweep\ncircuit: ry-sweep.qasm\nparameters:\n  theta: {linspace: {start: 0, stop: 6.283185307179586, num: 16}}\nshots: 4000\nseed: 7\ntags: [demo, sweep]\n";

        DefinitionAssert.Equivalent(LoadAssert.Loads(yaml, baseDirectory: dir.Path), LoadAssert.Loads(json, ExperimentFormat.Json, dir.Path));
    }

    [Theory]
    [InlineData("options: {precision: half}", "options.precision")]
    [InlineData("options: {threads: 0}", "options.threads")]
    [InlineData("options: {thread: 2}", "options.thread")]
    public void LoadText_BadOptions_NameTheField(string options, string path)
    {
        var loaded = ExperimentLoader.LoadText($"name: a\ncircuit: {{source: \"OPENQASM 3.0; qubit q;\"}}\nshots: 1\n{options}\n", ExperimentFormat.Yaml, "e.yaml", null);

        Assert.Null(loaded.Experiment);
        var diagnostic = Assert.Single(loaded.Diagnostics);
        Assert.Equal((path, 4), (diagnostic.Path, diagnostic.Line));
    }
}
