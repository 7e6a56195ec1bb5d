namespace Qxm.Simulation.StateVector.Engine;

/// <summary>One operation of a pass, in block-buffer coordinates, applied to every block whose base satisfies
/// its condition's outer part.</summary>
internal abstract record PassOp(OpCondition Condition);
