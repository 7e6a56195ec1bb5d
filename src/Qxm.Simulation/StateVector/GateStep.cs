using System.Numerics;
using Qxm.Simulation.StateVector.Kernels;

namespace Qxm.Simulation.StateVector;

/// <summary>A gate as the reference kernel (per-shot runs, tests) and as the matrix the engine plans with.</summary>
/// <param name="Matrix">Row-major; bit j of its index is <paramref name="Qubits"/>[j].</param>
internal sealed record GateStep(GateKernel Kernel, Complex[] Matrix, int[] Qubits) : Step;
