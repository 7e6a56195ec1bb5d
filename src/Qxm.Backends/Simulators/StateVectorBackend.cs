using System.Numerics;
using Qxm.Backends.Contract;
using Qxm.Circuits.Ir;
using Qxm.Domain.Backends;
using Qxm.Simulation;
using Qxm.Simulation.StateVector;

namespace Qxm.Backends.Simulators;

/// <summary><c>sim.statevector</c>: the ideal, exact simulator every installation has. Jobs run on the thread pool.</summary>
internal sealed class StateVectorBackend : SimulatorBackend, IExactStates
{
    public const string Id = "sim.statevector";

    public StateVectorBackend()
    {
        Info = new BackendInfo(
            Id,
            "simulator",
            "Ideal state-vector simulator (exact, noiseless)",
            BackendStatus.Online,
            new Target(MaxQubitsInMemory(single: true), MaxShots: 10_000_000, MaxCircuits: 100_000)
            {
                MaxQubitsInMemory = MaxQubitsInMemory(single: true),
                PrecisionLimits = [new PrecisionLimit("double", 16, MaxQubitsInMemory()), new PrecisionLimit("single", 8, MaxQubitsInMemory(single: true))],
                NominalDurations = NominalDurations.Simulator,
            });
    }

    public override BackendInfo Info { get; }

    protected override BackendJobResult Execute(BackendJob job, CancellationToken cancellationToken)
    {
        var options = Options(job);
        var counts = new IReadOnlyDictionary<string, long>[job.Circuits.Count];
        double seconds = 0;
        SimulationProvenance? provenance = null;
        for (var i = 0; i < job.Circuits.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var circuit = job.Circuits[i];
            // Submission refused what the target's limit per precision excludes; memory that others took since is
            // checked here, with the figures, before anything is allocated.
            if (MemoryGuard.Check(circuit.QubitCount, options.Precision == SimulationPrecision.Single ? 8 : 16) is { } tooLarge)
            {
                throw new BackendException(BackendErrorKind.InvalidInput, tooLarge.Message);
            }

            var outcome = StateVectorSimulator.Run(circuit, job.Shots, PointSeed(job.Seed, i), options, cancellationToken);
            counts[i] = outcome.Counts;
            seconds += outcome.Seconds;
            provenance ??= outcome.Provenance;
        }

        return new BackendJobResult(counts, seconds, provenance is null ? null : Provenance(provenance));
    }

    public Complex[] FinalState(Circuit circuit) => StateVectorSimulator.FinalState(circuit);

    private static SimulatorOptions Options(BackendJob job)
    {
        var precision = job.Options?.Precision switch
        {
            null or "double" => SimulationPrecision.Double,
            "single" => SimulationPrecision.Single,
            var other => throw new BackendException(BackendErrorKind.InvalidInput, $"precision must be 'double' or 'single', not '{other}'"),
        };
        return SimulatorOptions.Default with { Threads = Threads(job), Precision = precision };
    }
}
