namespace Qxm.Simulation.StateVector;

internal sealed record MeasureStep(int Qubit, int Clbit) : Step;
