using Qxm.Domain.Provenance;

namespace Qxm.Engine.Persistence;

/// <summary>What a run's provenance needs beyond the run itself: the facts of each execution and the links between runs.</summary>
public interface IRunProvenance
{
    /// <summary>Records how one attempt executed; a second record for the same attempt changes nothing.</summary>
    Task RecordExecutionAsync(string runId, ExecutionFacts facts, CancellationToken cancellationToken);

    Task<IReadOnlyList<ExecutionFacts>> ListExecutionsAsync(string runId, CancellationToken cancellationToken);

    /// <summary>Links two runs, recorded on both sides in one transaction (<paramref name="relation"/> on
    /// <paramref name="runId"/>, <paramref name="inverse"/> on <paramref name="otherRunId"/>).</summary>
    Task LinkAsync(string runId, string relation, string otherRunId, string inverse, DateTimeOffset at, string? detail, CancellationToken cancellationToken);

    Task<IReadOnlyList<RunLink>> ListLinksAsync(string runId, CancellationToken cancellationToken);
}
