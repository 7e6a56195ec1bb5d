namespace Qxm.Simulation.StateVector;

/// <summary>What a run produced: shots per classical outcome (clbit 0 rightmost) and the wall time it took.</summary>
public sealed record SimulationOutcome(IReadOnlyDictionary<string, long> Counts, double Seconds);
