using Qxm.Backends.Contract;
using Qxm.Domain.Backends;
using Qxm.Simulation.Noise;
using Qxm.Simulation.StateVector;

namespace Qxm.Backends.Simulators;

/// <summary><c>sim.noisy</c>: quantum trajectories under a noise model built from a calibration snapshot (by default
/// the built-in one). The calibration is checked when the backend is made, so a bad one never reaches a job; a job
/// bound to a device's snapshot (<see cref="BackendJob.Calibration"/>) runs under that snapshot instead.</summary>
internal sealed class NoisyBackend : SimulatorBackend
{
    public const string Id = "sim.noisy";

    /// <summary>Qubits of the built-in calibration: beyond about 20, a thousand trajectories take minutes.</summary>
    public const int DefaultQubits = 20;

    private readonly NoiseModel _noise;

    public NoisyBackend(NoiseCalibration? calibration = null)
    {
        _noise = NoiseModel.FromCalibration(calibration ?? NoiseCalibration.Default(DefaultQubits));
        Info = new BackendInfo(
            Id,
            "noisy-simulator",
            "Noisy state-vector simulator: quantum trajectories under depolarizing, thermal relaxation and readout errors from a calibration snapshot",
            BackendStatus.Online,
            new Target(Math.Min(_noise.QubitCount, MaxQubitsInMemory()), MaxShots: 10_000_000, MaxCircuits: 100_000) { MaxQubitsInMemory = MaxQubitsInMemory() });
    }

    public override BackendInfo Info { get; }

    protected override BackendJobResult Execute(BackendJob job, CancellationToken cancellationToken)
    {
        var noise = ModelFor(job, _noise);
        var options = TrajectoryOptions.Default with { Threads = Threads(job), Precision = TrajectoryPrecision(job) };
        var counts = new IReadOnlyDictionary<string, long>[job.Circuits.Count];
        double seconds = 0;
        Dictionary<string, string>? provenance = null;
        for (var i = 0; i < job.Circuits.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var outcome = TrajectorySimulator.Run(job.Circuits[i], noise, job.Shots, PointSeed(job.Seed, i), options, cancellationToken);
            counts[i] = outcome.Counts;
            seconds += outcome.Seconds;
            provenance ??= Provenance(outcome.Provenance!);
        }

        return new BackendJobResult(counts, seconds, provenance);
    }

    /// <summary>The noise model of the job's own calibration when it has one, else the backend's.</summary>
    internal static NoiseModel ModelFor(BackendJob job, NoiseModel own) =>
        job.Calibration is { } snapshot ? NoiseModel.FromCalibration(SnapshotNoise.ToNoiseCalibration(snapshot)) : own;

    /// <summary>Trajectories run in single precision unless the job asks for double (see
    /// <see cref="TrajectoryOptions.Precision"/>); the result's provenance records which one ran.</summary>
    internal static SimulationPrecision TrajectoryPrecision(BackendJob job) => job.Options?.Precision switch
    {
        null or "single" => SimulationPrecision.Single,
        "double" => SimulationPrecision.Double,
        var other => throw new BackendException(BackendErrorKind.InvalidInput, $"precision must be 'double' or 'single', not '{other}'"),
    };

    internal static void RequireDouble(BackendJob job)
    {
        if (job.Options?.Precision is { } precision && precision != "double")
        {
            throw new BackendException(BackendErrorKind.InvalidInput, $"the density-matrix simulator runs in double precision only, not '{precision}'");
        }
    }
}
