namespace Qxm.Simulation.StateVector;

/// <summary>Runs <paramref name="Body"/> when clbits [Offset, Offset + Width), lowest index least significant, equal <paramref name="Value"/>.</summary>
internal sealed record ConditionalStep(int Offset, int Width, long Value, Step Body) : Step;
