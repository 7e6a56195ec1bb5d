using System.Numerics;

namespace Qxm.Simulation.StateVector.Engine;

/// <summary>A dense block on several buffer bits (rxx, cswap, rccx): rare in circuits, so it runs one amplitude
/// group at a time without vectors.</summary>
/// <param name="Targets">Buffer bit of matrix index bit j.</param>
/// <param name="Matrix">Row-major, 2^Targets.Length square.</param>
internal sealed record MultiQubitOp(OpCondition Condition, int[] Targets, Complex[] Matrix) : PassOp(Condition);
