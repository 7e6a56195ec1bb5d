using Qxm.Backends.Contract;
using Qxm.Backends.Devices;
using Qxm.Backends.Registry;
using Qxm.Backends.Simulators;
using Qxm.Circuits.Ir;
using Qxm.Circuits.Parsing;
using Qxm.Domain.Backends;
using Qxm.Simulation.DensityMatrix;
using Qxm.Simulation.Noise;
using Qxm.Simulation.Tests.Noise;

namespace Qxm.Engine.Tests.Devices;

/// <summary>Fake devices simulate under their calibration's noise: error outcomes come at the rates the snapshot
/// implies, as the exact density matrix under the same snapshot (what <c>sim.density</c> computes) says.</summary>
public class FakeDeviceNoiseTests
{
    private const int Shots = 20_000;

    /// <summary>A Bell pair in heavyhex27's native gates: h = rz(π/2) sx rz(π/2), then cx on the edge 0 → 1.</summary>
    private static readonly Circuit Bell = OpenQasmParser.Parse(
        "OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit[2] q;\nbit[2] c;\nrz(pi/2) q[0]; sx q[0]; rz(pi/2) q[0];\ncx q[0], q[1];\n"
        + "c[0] = measure q[0];\nc[1] = measure q[1];\n",
        "bell.qasm", _ => null).Circuit!;

    [Fact]
    public async Task BellPair_OnHeavyHex27_ShowsErrorOutcomesAtTheRatesItsCalibrationImplies()
    {
        var device = Device("fake.heavyhex27");
        var snapshot = await ((ICalibrationSource)device).GetCalibrationAsync(default);

        var counts = await RunAsync(device, new BackendJob("r-noise", [Bell], Shots, 11));
        var exact = DensityMatrixSimulator.Probabilities(Bell, Model(snapshot));

        GoodnessOfFit.AssertFits(exact, counts);
        // Readout (1.8% per qubit), the cx (0.9%) and relaxation over its 400 ns: about 4% of shots read 01 or 10.
        var errors = exact["01"] + exact["10"];
        Assert.InRange(errors, 0.03, 0.06);
        Assert.InRange((counts.GetValueOrDefault("01") + counts.GetValueOrDefault("10")) / (double)Shots, errors - 0.006, errors + 0.006);
    }

    [Fact]
    public async Task BellPair_UnderTheRunsBoundSnapshot_MatchesSimDensityUnderThatSnapshot()
    {
        var device = Device("fake.heavyhex27");
        var start = await ((ICalibrationSource)device).GetCalibrationAsync(default);
        // The run's snapshot, not the device's current one: qubit 1 now misreads one time in five.
        var bound = start with { Qubits = [.. start.Qubits.Select(q => q.Qubit == 1 ? q with { ReadoutError = 0.2 } : q)] };

        var counts = await RunAsync(device, new BackendJob("r-bound", [Bell], Shots, 12, Calibration: bound));
        var density = Device("sim.density");
        var reference = await RunAsync(density, new BackendJob("r-density", [Bell], Shots, 13, Calibration: bound));

        GoodnessOfFit.AssertFits(DensityMatrixSimulator.Probabilities(Bell, Model(bound)), counts);
        GoodnessOfFit.AssertFits(DensityMatrixSimulator.Probabilities(Bell, Model(bound)), reference);
        var errors = (counts.GetValueOrDefault("01") + counts.GetValueOrDefault("10")) / (double)Shots;
        Assert.InRange(errors, 0.19, 0.25);
    }

    [Fact]
    public async Task FarQubits_UseTheirOwnCalibration()
    {
        // Only qubit 26 misreads: X on 25 and 26 reads 10 (qubit 26 wrong) about a quarter of the time, 01 almost never.
        var device = Device("fake.heavyhex27");
        var start = await ((ICalibrationSource)device).GetCalibrationAsync(default);
        var bound = start with
        {
            Qubits = [.. start.Qubits.Select(q => q with { ReadoutError = q.Qubit == 26 ? 0.25 : 0 })],
        };
        var circuit = OpenQasmParser.Parse(
            "OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit[27] q;\nbit[2] c;\nx q[25];\nx q[26];\nc[0] = measure q[25];\nc[1] = measure q[26];\n",
            "far.qasm", _ => null).Circuit!;

        var counts = await RunAsync(device, new BackendJob("r-far", [circuit], 4000, 5, Calibration: bound));

        Assert.InRange(counts.GetValueOrDefault("01"), 850, 1150);
        Assert.InRange(counts.GetValueOrDefault("10"), 0, 20);
    }

    private static IBackend Device(string id) =>
        BackendRegistry.CreateDefault().TryGet(id, out var backend) ? backend : throw new InvalidOperationException(id);

    private static NoiseModel Model(CalibrationSnapshot snapshot) => NoiseModel.FromCalibration(SnapshotNoise.ToNoiseCalibration(snapshot));

    private static async Task<IReadOnlyDictionary<string, long>> RunAsync(IBackend backend, BackendJob job)
    {
        var id = await backend.SubmitAsync(job, default);
        var result = await backend.GetResultAsync(id, default);
        Assert.Equal(job.Shots, result.Counts[0].Values.Sum());
        return result.Counts[0];
    }
}
