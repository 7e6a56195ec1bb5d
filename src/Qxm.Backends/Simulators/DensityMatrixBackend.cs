using Qxm.Backends.Contract;
using Qxm.Domain.Backends;
using Qxm.Simulation.DensityMatrix;
using Qxm.Simulation.Noise;

namespace Qxm.Backends.Simulators;

/// <summary><c>sim.density</c>: the exact density-matrix simulator under the same calibration as <c>sim.noisy</c>
/// (by default the built-in one; a job's bound snapshot when it carries one), for up to <see cref="DensityMatrixSimulator.MaxQubits"/> qubits: what trajectory
/// results converge to, sampled without their statistical spread.</summary>
internal sealed class DensityMatrixBackend : SimulatorBackend
{
    public const string Id = "sim.density";

    private readonly NoiseModel _noise;

    public DensityMatrixBackend(NoiseCalibration? calibration = null)
    {
        _noise = NoiseModel.FromCalibration(calibration ?? NoiseCalibration.Default(DensityMatrixSimulator.MaxQubits));
        Info = new BackendInfo(
            Id,
            "noisy-simulator",
            $"Exact density-matrix simulator with the calibration's noise (up to {DensityMatrixSimulator.MaxQubits} qubits)",
            BackendStatus.Online,
            new Target(Math.Min(_noise.QubitCount, DensityMatrixSimulator.MaxQubits), MaxShots: 10_000_000, MaxCircuits: 10_000));
    }

    public override BackendInfo Info { get; }

    protected override BackendJobResult Execute(BackendJob job, CancellationToken cancellationToken)
    {
        NoisyBackend.RequireDouble(job);
        var noise = NoisyBackend.ModelFor(job, _noise);
        var threads = Threads(job);
        var counts = new IReadOnlyDictionary<string, long>[job.Circuits.Count];
        double seconds = 0;
        Dictionary<string, string>? provenance = null;
        for (var i = 0; i < job.Circuits.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var outcome = DensityMatrixSimulator.Run(job.Circuits[i], job.Shots, PointSeed(job.Seed, i), noise, threads, cancellationToken);
            counts[i] = outcome.Counts;
            seconds += outcome.Seconds;
            provenance ??= Provenance(outcome.Provenance!);
        }

        return new BackendJobResult(counts, seconds, provenance);
    }
}
