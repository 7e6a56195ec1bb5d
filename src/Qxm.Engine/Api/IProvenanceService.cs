using Qxm.Domain.Provenance;
using Qxm.Engine.Persistence;

namespace Qxm.Engine.Api;

/// <summary>Where results came from. The engine implements it over the runs the caller may see; the CLI's HTTP client
/// over a running <c>qxm serve</c>.</summary>
public interface IProvenanceService
{
    /// <summary>The run's provenance record, null when there is no such run the caller may see.</summary>
    Task<RunProvenance?> GetProvenanceAsync(string runId, CancellationToken cancellationToken);

    /// <summary>The versions of the experiment named <paramref name="name"/> (of every experiment when null) that the
    /// caller's tenant ran, newest first.</summary>
    Task<IReadOnlyList<ExperimentVersion>> ListVersionsAsync(string? name, int limit, CancellationToken cancellationToken);
}
