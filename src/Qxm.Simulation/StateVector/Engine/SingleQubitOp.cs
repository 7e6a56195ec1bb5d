using System.Numerics;

namespace Qxm.Simulation.StateVector.Engine;

/// <summary>A 2×2 block on buffer bit <see cref="Target"/> within the condition's subspace: single-qubit gates and
/// singly-targeted controlled gates (cx, ccx, cu3, crx…), with controls outside the block resolved per block.</summary>
internal sealed record SingleQubitOp(OpCondition Condition, int Target, Complex M00, Complex M01, Complex M10, Complex M11, MatrixKind Kind)
    : PassOp(Condition);
