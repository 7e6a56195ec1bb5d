using Qxm.Domain.Backends;

namespace Qxm.Engine.Matching;

/// <summary>A backend weighed for an experiment: eligible, or excluded with every reason.</summary>
/// <param name="QueuedRuns">Runs waiting on it now: the proxy for the expected wait.</param>
public sealed record BackendCandidate(BackendInfo Backend, IReadOnlyList<string> Exclusions, int QueuedRuns = 0)
{
    public bool Eligible => Exclusions.Count == 0;
}
