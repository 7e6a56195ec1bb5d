using Qxm.Domain.Observables;
using Qxm.Domain.Runs;
using Qxm.Engine.Api;
using Qxm.Engine.Experiments;
using Qxm.Engine.Observables;
using Qxm.Engine.Tests.Engine;

namespace Qxm.Engine.Tests.Observables;

public sealed class ReadoutMitigationTests
{
    /// <summary>The VQE H2 ansatz near its optimum, in heavyhex27's native gates (ry(t) = sx; rz(t + pi); sx; rz(pi) up to
    /// phase) on its coupled qubits 0 and 1.</summary>
    private const string Experiment = """
        name: vqe-h2-device
        circuit:
          source: |
            OPENQASM 3.0;
            include "stdgates.inc";
            input float[64] t0;
            input float[64] t1;
            input float[64] t2;
            input float[64] t3;
            qubit[2] q;
            sx q[0]; rz(t0 + pi) q[0]; sx q[0]; rz(pi) q[0];
            sx q[1]; rz(t1 + pi) q[1]; sx q[1]; rz(pi) q[1];
            cx q[0], q[1];
            sx q[0]; rz(t2 + pi) q[0]; sx q[0]; rz(pi) q[0];
            sx q[1]; rz(t3 + pi) q[1]; sx q[1]; rz(pi) q[1];
        parameters: {t0: -1.2518888, t1: -1.8063878, t2: 1.898122, t3: 1.6459271}
        shots: 20000
        seed: 4242
        observables:
          energy: {II: -0.3324042513238793, IZ: 0.39793742484318045, ZI: -0.39793742484318045, ZZ: -0.01128010425623538, XX: 0.18093119978423156}
        """;

    [Fact]
    public void MitigatedDistribution_UndoesAKnownConfusionExactly()
    {
        // True distribution 0.7 |00> + 0.3 |11>, read through errors 0.1 (qubit 0) and 0.2 (qubit 1).
        double[] errors = [0.1, 0.2];
        var read = new Dictionary<string, long>
        {
            ["00"] = 7 * 9 * 8 * 10 + 3 * 1 * 2 * 10, // P(read 00) = 0.7*0.9*0.8 + 0.3*0.1*0.2
            ["01"] = 7 * 1 * 8 * 10 + 3 * 9 * 2 * 10,
            ["10"] = 7 * 9 * 2 * 10 + 3 * 1 * 8 * 10,
            ["11"] = 7 * 1 * 2 * 10 + 3 * 9 * 8 * 10,
        };

        var mitigated = MeasurementPlan.MitigatedDistribution(read, errors);

        Assert.Equal(0.7, mitigated["00"], 12);
        Assert.Equal(0.3, mitigated["11"], 12);
        Assert.Equal(2, mitigated.Count);
    }

    [Fact]
    public async Task Run_OnHeavyHex27_MitigatedEnergyAgreesWithTheSameRunWithoutReadoutError()
    {
        await using var fx = await EngineFixture.StartWithPerfectReadoutHeavyHexAsync("heavyhex27-ideal-readout");

        var mitigated = await EnergyAsync(fx, "fake.heavyhex27", "readout");
        var ideal = await EnergyAsync(fx, "fake.heavyhex27-ideal-readout", "none");

        var energy = Assert.Single(mitigated.Observables!);
        var raw = Assert.Single(mitigated.RawObservables!);
        var reference = Assert.Single(ideal.Observables!);
        Assert.True(Math.Abs(energy.Value - reference.Value) <= energy.StandardError,
            $"mitigated {energy.Value} ± {energy.StandardError}, without readout error {reference.Value} ± {reference.StandardError}, raw {raw.Value}");
        // Readout error biases the raw energy by far more than its error bar: mitigation has something to remove.
        Assert.True(Math.Abs(raw.Value - reference.Value) > 5 * raw.StandardError, $"raw {raw.Value} ± {raw.StandardError}, reference {reference.Value}");
        Assert.True(energy.StandardError > raw.StandardError);
        Assert.Equal(MitigationMethod.Readout, mitigated.Mitigation!.Method);
        Assert.Null(mitigated.Mitigation.Skipped);
        Assert.Equal([0.018, 0.018], mitigated.Mitigation.ReadoutErrors);
        Assert.StartsWith("fake.heavyhex27@", mitigated.Mitigation.Calibration, StringComparison.Ordinal);
        Assert.All(mitigated.Bases!, b => Assert.Equal(1, b.Mitigated!.Values.Sum(), 9));
    }

    [Fact]
    public async Task Run_OnTheIdealSimulator_SaysWhyNothingWasMitigated()
    {
        await using var fx = await EngineFixture.StartAsync();

        var point = await EnergyAsync(fx, "sim.statevector", "readout");

        Assert.Equal("the backend has no calibration: its readout is ideal", point.Mitigation!.Skipped);
        Assert.Equal(point.RawObservables, point.Observables);
    }

    private static async Task<SweepPointResult> EnergyAsync(EngineFixture fx, string backend, string mitigation)
    {
        var loaded = ExperimentLoader.LoadText(Experiment + $"\nbackend: {backend}\nmitigation: {mitigation}\n", ExperimentFormat.Yaml, "device.yaml", null);
        Assert.Empty(loaded.Diagnostics);
        var submitted = await fx.Service.SubmitAsync(loaded.Experiment!, new SubmitOptions(), default);
        Assert.True(submitted.Run is not null, string.Join("\n", submitted.Diagnostics));
        var run = await fx.RunToEndAsync(submitted.Run.Id);
        Assert.True(run.State == RunState.Succeeded, run.Error);
        return Assert.Single((await fx.Service.GetResultAsync(run.Id, default))!.Points);
    }
}
