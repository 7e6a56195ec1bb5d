using Qxm.Simulation.StateVector.Kernels;

namespace Qxm.Simulation.StateVector;

internal sealed record GateStep(GateKernel Kernel) : Step;
