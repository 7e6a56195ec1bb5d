namespace Qxm.Simulation.StateVector;

internal sealed record ResetStep(int Qubit) : Step;
