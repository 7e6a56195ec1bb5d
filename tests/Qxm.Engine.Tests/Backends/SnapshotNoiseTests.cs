using Qxm.Backends.Contract;
using Qxm.Backends.Devices;
using Qxm.Backends.Simulators;
using Qxm.Circuits.Parsing;
using Qxm.Domain.Backends;
using DeviceGate = Qxm.Domain.Backends.GateCalibration;
using DeviceQubit = Qxm.Domain.Backends.QubitCalibration;
using Qxm.Domain.Errors;
using Qxm.Simulation.Noise;

namespace Qxm.Engine.Tests.Backends;

/// <summary>A device's calibration snapshot as the noise model of a trajectory simulation.</summary>
public class SnapshotNoiseTests
{
    [Fact]
    public void ToNoiseCalibration_EveryBuiltInDevice_BuildsAValidModelWithItsNumbers()
    {
        foreach (var device in DeviceCatalog.BuiltIn())
        {
            var calibration = SnapshotNoise.ToNoiseCalibration(device.Calibration);
            var model = NoiseModel.FromCalibration(calibration);

            Assert.Equal(device.Target.Qubits, model.QubitCount);
            var first = device.Calibration.Qubits.Single(q => q.Qubit == 0);
            Assert.Equal(first.T1Us * 1e-6, calibration.Qubits[0].T1Seconds, 15);
            Assert.Equal(first.ReadoutError, calibration.Qubits[0].ReadZeroGivenOne);
            Assert.Equal(device.Calibration.Gates.Count, calibration.Gates.Count);
        }
    }

    [Fact]
    public async Task NoisyBackend_UnderADeviceSnapshot_FlipsReadoutsAtTheDevicesRate()
    {
        // Two qubits with 10% and 0% readout error, long coherence, perfect gates: X then measure reads 0 on
        // qubit 0 about one time in ten, never on qubit 1.
        var snapshot = new CalibrationSnapshot(
            "fake.test",
            DateTimeOffset.UnixEpoch,
            [new DeviceQubit(0, 1e6, 1e6, 0.10), new DeviceQubit(1, 1e6, 1e6, 0.0)],
            [new DeviceGate("x", [0], 0, 20), new DeviceGate("x", [1], 0, 20)]);
        var backend = new NoisyBackend(SnapshotNoise.ToNoiseCalibration(snapshot));
        var circuit = OpenQasmParser.Parse("OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[2];\ncreg c[2];\nx q;\nmeasure q -> c;", "<inline>").Circuit!;

        var job = await backend.SubmitAsync(new BackendJob("r1", [circuit], 4000, 7), Guid.NewGuid().ToString("N"), default);
        var counts = (await backend.GetResultAsync(job, default)).Counts[0];

        // clbit 0 rightmost: "10" is qubit 0 read as 0.
        Assert.InRange(counts.GetValueOrDefault("10"), 300, 500);
        Assert.Equal(4000, counts.GetValueOrDefault("11") + counts.GetValueOrDefault("10"));
    }

    [Fact]
    public void ToNoiseCalibration_MissingQubit_RefusedWithItsNumber()
    {
        var snapshot = new CalibrationSnapshot(
            "fake.gappy", DateTimeOffset.UnixEpoch, [new DeviceQubit(0, 100, 80, 0.01), new DeviceQubit(2, 100, 80, 0.01)], []);

        var error = Assert.Throws<QxmException>(() => SnapshotNoise.ToNoiseCalibration(snapshot));

        Assert.Equal("calibration of fake.gappy: qubit 1 has no T1, T2 or readout error", error.Message);
    }
}
