using Qxm.Domain.Loops;

namespace Qxm.Cli.Rendering;

/// <summary>A loop and its convergence trace, as <c>--output json</c> prints them.</summary>
internal sealed record LoopOutput(LoopRecord Loop, IReadOnlyList<LoopEvaluation> Evaluations);
