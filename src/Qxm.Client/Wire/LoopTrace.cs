using Qxm.Domain.Loops;

namespace Qxm.Client.Wire;

/// <summary>A loop and its evaluations, as <c>GET /api/v1/loops/{id}</c> answers.</summary>
/// <param name="Loop">The loop: its state, best point so far, budget.</param>
/// <param name="Evaluations">Every evaluation of the objective so far, in order.</param>
public sealed record LoopTrace(LoopRecord Loop, IReadOnlyList<LoopEvaluation> Evaluations);
