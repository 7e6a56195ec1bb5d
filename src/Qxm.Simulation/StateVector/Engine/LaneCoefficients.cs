namespace Qxm.Simulation.StateVector.Engine;

/// <summary>Per-lane matrix entries of a single-qubit block whose target is a lane bit: output lane i is
/// A[i]·v[i] + B[i]·v[i XOR stride]; the negated imaginary parts save a negation per multiply-add.</summary>
internal readonly record struct LaneCoefficients<TVec>(TVec Ar, TVec Ai, TVec NegAi, TVec Br, TVec Bi, TVec NegBi)
    where TVec : struct;
