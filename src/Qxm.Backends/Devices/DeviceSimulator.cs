using Qxm.Backends.Contract;
using Qxm.Backends.Simulators;
using Qxm.Domain.Backends;
using Qxm.Simulation.Noise;

namespace Qxm.Backends.Devices;

/// <summary>What a fake device runs a job on: quantum trajectories on only the qubits each circuit touches, under the
/// noise of those qubits in the job's calibration (the one the run is bound to) or, without one, the device's current
/// snapshot. One trajectory per shot, as every shot on hardware is a fresh realisation of its noise.</summary>
internal sealed class DeviceSimulator(BackendInfo info, Func<CalibrationSnapshot> current) : SimulatorBackend
{
    private static readonly TrajectoryOptions PerShot = TrajectoryOptions.Default with { MaxTrajectories = 10_000_000 };

    public override BackendInfo Info { get; } = info;

    protected override BackendJobResult Execute(BackendJob job, CancellationToken cancellationToken)
    {
        var snapshot = job.Calibration ?? current();
        var options = PerShot with { Threads = Threads(job), Precision = NoisyBackend.TrajectoryPrecision(job) };
        var counts = new IReadOnlyDictionary<string, long>[job.Circuits.Count];
        double seconds = 0;
        Dictionary<string, string>? provenance = null;
        for (var i = 0; i < job.Circuits.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (circuit, physical) = QubitCompaction.CompactWithMap(job.Circuits[i]);
            var noise = NoiseModel.FromCalibration(SnapshotNoise.ToNoiseCalibration(QubitCompaction.Restrict(snapshot, physical)));
            var outcome = TrajectorySimulator.Run(circuit, noise, job.Shots, PointSeed(job.Seed, i), options, cancellationToken);
            counts[i] = outcome.Counts;
            seconds += outcome.Seconds;
            provenance ??= Provenance(outcome.Provenance!);
        }

        if (provenance is not null)
        {
            // The noise fingerprint covers only the touched qubits; the snapshot's own time names the calibration.
            provenance["calibrationTakenAt"] = snapshot.TakenAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        }

        return new BackendJobResult(counts, seconds, provenance);
    }
}
