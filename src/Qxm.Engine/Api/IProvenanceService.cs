using Qxm.Domain.Provenance;

namespace Qxm.Engine.Api;

/// <summary>Where results came from. The engine implements it over the runs the caller may see; the CLI's HTTP client
/// over a running <c>qxm serve</c>.</summary>
public interface IProvenanceService
{
    /// <summary>The run's provenance record, null when there is no such run the caller may see.</summary>
    Task<RunProvenance?> GetProvenanceAsync(string runId, CancellationToken cancellationToken);
}
