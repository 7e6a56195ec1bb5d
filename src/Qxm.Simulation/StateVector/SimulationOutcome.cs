namespace Qxm.Simulation.StateVector;

/// <summary>What a run produced: shots per classical outcome (clbit 0 rightmost) and the wall time it took.</summary>
public sealed record SimulationOutcome(IReadOnlyDictionary<string, long> Counts, double Seconds)
{
    /// <summary>The options the run used; null only for outcomes made outside the simulators.</summary>
    public SimulationProvenance? Provenance { get; init; }
}
