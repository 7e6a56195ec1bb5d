using Qxm.Domain.Loops;

namespace Qxm.Server.Endpoints;

/// <summary>A loop and its evaluations, as <c>GET /api/v1/loops/{id}</c> answers.</summary>
public sealed record LoopTrace(LoopRecord Loop, IReadOnlyList<LoopEvaluation> Evaluations);
