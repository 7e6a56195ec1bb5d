using Qxm.Domain.Experiments;
using Qxm.Engine.Experiments;
using Qxm.Engine.Submission;

namespace Qxm.Engine.Tests.Engine;

public sealed class FingerprintTests
{
    private const string Circuit = """
        OPENQASM 3.0;
        include "stdgates.inc";
        input float[64] theta;
        qubit[2] q;
        bit[2] c;
        h q[0];
        cx q[0], q[1];
        ry(theta / 2) q[1];
        c = measure q;
        """;

    private const string Experiment = """
        name: golden
        circuit: {source: "CIRCUIT"}
        parameters:
          theta: [0, 0.5, pi]
        shots: 1000
        seed: 7
        tags: [a]
        """;

    [Fact]
    public void CanonicalText_GoldenExperiment_IsPinned()
    {
        var text = Canonical(Load(Experiment));

        Assert.Equal(
            """
            qxm-fingerprint-v1
            backend sim.statevector
            shots 1000
            seed 7
            sweep none
            param theta [0,0.5,3.141592653589793]
            circuit
            qubits 2
            clbits 2
            creg c 2 0
            input theta
            h 0
            cx 0,1
            ry(($theta/2)) 1
            measure 0->0
            measure 1->1

            """.Replace("\r\n", "\n", StringComparison.Ordinal),
            text);
    }

    [Fact]
    public void Compute_GoldenExperiment_IsPinned() =>
        Assert.Equal("81b66051af7ccf1d15bc1c2b6179dab4846601d1d8d160b7686764d9429ec385", Of(Load(Experiment)));

    [Fact]
    public void Compute_ReformattedCircuitAndReorderedKeys_Unchanged()
    {
        var reformatted = """
            OPENQASM 3.0; include "stdgates.inc";
            // the same program, laid out differently
            input float[64] theta;   qubit[2] q; bit[2] c;
            h q[0]; cx q[0],q[1];
            ry( theta/2 ) q[1];   /* comment */
            c = measure q;
            """;
        var reordered = """
            tags: [other, tags]
            seed: 7
            shots: 1000
            parameters: {theta: [0, 0.5, pi]}
            circuit: {source: "CIRCUIT"}
            name: renamed
            priority: high
            """;

        Assert.Equal(Of(Load(Experiment)), Of(Load(reordered, reformatted)));
    }

    [Theory]
    [InlineData("shots: 1000", "shots: 1001")]
    [InlineData("seed: 7", "seed: 8")]
    [InlineData("[0, 0.5, pi]", "[0, 0.5, 3.14]")]
    [InlineData("[0, 0.5, pi]", "[0.5, 0, pi]")]
    [InlineData("tags: [a]", "tags: [a]\nbackend: sim.other")]
    [InlineData("tags: [a]", "tags: [a]\noptions: {precision: single}")]
    public void Compute_SemanticChangeToExperiment_Changes(string from, string to) =>
        Assert.NotEqual(Of(Load(Experiment)), Of(Load(Experiment.Replace(from, to, StringComparison.Ordinal))));

    [Theory]
    [InlineData("options: {threads: 1}")]
    [InlineData("options: {threads: 2, precision: double}")]
    public void Compute_ThreadsOrDefaultPrecision_Unchanged(string options) =>
        Assert.Equal(Of(Load(Experiment)), Of(Load(Experiment + "\n" + options)));

    [Theory]
    [InlineData("h q[0];", "x q[0];")]
    [InlineData("cx q[0], q[1];", "cx q[1], q[0];")]
    [InlineData("theta / 2", "theta / 3")]
    [InlineData("c = measure q;", "c[0] = measure q[0];")]
    [InlineData("qubit[2] q;", "qubit[2] q; qubit[1] r;")]
    public void Compute_SemanticChangeToCircuit_Changes(string from, string to) =>
        Assert.NotEqual(Of(Load(Experiment)), Of(Load(Experiment, Circuit.Replace(from, to, StringComparison.Ordinal))));

    private static ExperimentDefinition Load(string yaml, string circuit = Circuit)
    {
        var source = circuit.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
        var loaded = ExperimentLoader.LoadText(yaml.Replace("CIRCUIT", source, StringComparison.Ordinal), ExperimentFormat.Yaml, "golden.yaml", null);
        Assert.Empty(loaded.Diagnostics);
        return loaded.Experiment!;
    }

    private static string Canonical(ExperimentDefinition experiment)
    {
        var spec = ExperimentSpec.From(experiment, new Dictionary<string, string>());
        var (prepared, diagnostics) = ExperimentPreparation.Prepare(spec);
        Assert.NotNull(prepared);
        Assert.DoesNotContain(diagnostics, d => d.IsError);
        return Fingerprint.CanonicalText(prepared.Circuit, spec);
    }

    private static string Of(ExperimentDefinition experiment)
    {
        var spec = ExperimentSpec.From(experiment, new Dictionary<string, string>());
        var (prepared, _) = ExperimentPreparation.Prepare(spec);
        return Fingerprint.Compute(prepared!.Circuit, spec);
    }
}
