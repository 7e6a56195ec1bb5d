namespace Qxm.Simulation.StateVector;

/// <summary>A bound circuit turned into kernels once, so per-shot runs do not rebuild matrices.</summary>
internal sealed record CompiledCircuit(int QubitCount, int ClbitCount, IReadOnlyList<Step> Steps);
