using System.Numerics;

namespace Qxm.Simulation.StateVector.Engine;

/// <summary>Multiplies the amplitudes the condition selects by one factor: every diagonal gate (rz, cu1, cz, t, rzz)
/// becomes a few of these, each touching only its subspace. With no inner condition it scales a whole block, which
/// the executor folds into the block's write-back instead of a sweep.</summary>
internal sealed record PhaseOp(OpCondition Condition, Complex Factor) : PassOp(Condition);
