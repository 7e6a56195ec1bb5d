using System.Text.Json;
using Qxm.Cli.Remote;
using Qxm.Engine.Experiments;
using Qxm.Server.Tests.Support;

namespace Qxm.Server.Tests.Cli.Remote;

/// <summary>What the CLI sends a server for a local experiment file: everything the server acts on. Observables and
/// mitigation were once left out, so a remote run silently came back with counts only.</summary>
public sealed class ExperimentDocumentTests
{
    private const string Experiment = """
        name: remote-observables
        circuit:
          source: |
            OPENQASM 3.0;
            include "stdgates.inc";
            qubit[2] q;
            h q[0];
            cx q[0], q[1];
        backend: sim.noisy
        shots: 2000
        seed: 5
        observables:
          energy: {II: -0.3324042513238793, IZ: 0.39793742484318045, ZZ: -1e-07, XX: 0.18093119978423156}
          parity: "0.5*Z0*Z1 - 2.5e-09*X1 + 0.125"
        mitigation: {method: zne, scaleFactors: [1, 3], fit: linear}
        """;

    [Fact]
    public void ToJson_ReadsBackAsTheSameExperiment()
    {
        var original = Load(Experiment, ExperimentFormat.Yaml);

        var sent = ExperimentDocument.ToJson(original).ToJsonString();
        var received = Load(sent, ExperimentFormat.Json);

        Assert.Equal(JsonSerializer.Serialize(original.Observables), JsonSerializer.Serialize(received.Observables));
        Assert.Equal([2, null], received.Observables.Select(o => o.Width));
        Assert.Equal(original.Mitigation, received.Mitigation);
        Assert.Equal(JsonSerializer.Serialize(original.Zne), JsonSerializer.Serialize(received.Zne));
        Assert.Equal(original.Expectation, received.Expectation);
    }

    [Fact]
    public async Task Run_AgainstServer_ReturnsTheObservablesAndTheirMitigation()
    {
        await using var server = await RunningServer.StartAsync();
        using var credentials = await CredentialsFile.WriteAsync(server.AdminKey!);
        var file = Path.Combine(Directory.CreateTempSubdirectory("qxm-remote-observables-").FullName, "e.yaml");
        await File.WriteAllTextAsync(file, Experiment);
        try
        {
            var outcome = await CliOutcome.RunAsync("--server", server.Url.ToString(), "--credentials", credentials.Path, "run", file, "--output", "json");

            Assert.True(outcome.ExitCode == 0, outcome.ToString());
            using var document = JsonDocument.Parse(outcome.Stdout);
            var point = document.RootElement.GetProperty("result").GetProperty("points")[0];
            Assert.Equal(["energy", "parity"], point.GetProperty("observables").EnumerateArray().Select(o => o.GetProperty("name").GetString()));
            Assert.Equal("zne", point.GetProperty("mitigation").GetProperty("method").GetString(), StringComparer.OrdinalIgnoreCase);
            Assert.Equal(2 * 2, point.GetProperty("bases").GetArrayLength());
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
        }
    }

    private static Domain.Experiments.ExperimentDefinition Load(string text, ExperimentFormat format)
    {
        var loaded = ExperimentLoader.LoadText(text, format, "e." + format.ToString().ToLowerInvariant(), null);
        Assert.Empty(loaded.Diagnostics);
        return loaded.Experiment!;
    }
}
