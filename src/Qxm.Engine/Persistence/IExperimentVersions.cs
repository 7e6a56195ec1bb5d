namespace Qxm.Engine.Persistence;

/// <summary>The versions of an experiment: every fingerprint stored under a name.</summary>
public interface IExperimentVersions
{
    /// <summary>Newest first, of every name when <paramref name="name"/> is null; with <paramref name="tenant"/>, only
    /// versions that tenant ran.</summary>
    Task<IReadOnlyList<ExperimentVersion>> ListVersionsAsync(string? name, string? tenant, int limit, CancellationToken cancellationToken);
}
