using Qxm.Circuits.Ir;

namespace Qxm.Simulation.StateVector;

/// <summary>An OpenQASM 3 <c>if</c>/<c>else</c>: the condition is read once per shot, then one branch runs.</summary>
internal sealed record BranchStep(Condition Condition, IReadOnlyList<Step> Then, IReadOnlyList<Step> Else) : Step;
