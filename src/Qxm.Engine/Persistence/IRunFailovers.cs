using Qxm.Domain.Runs;

namespace Qxm.Engine.Persistence;

/// <summary>Runs' approved alternative backends and their moves to them. The alternatives are stored with the run.</summary>
public interface IRunFailovers
{
    /// <summary>The run's alternatives and failover, null when it has none.</summary>
    Task<RunFailover?> GetFailoverAsync(string runId, CancellationToken cancellationToken);

    /// <summary>The queued runs on <paramref name="backend"/> that have an alternative left to try, oldest first.</summary>
    Task<IReadOnlyList<FailoverCandidate>> ListFailoverCandidatesAsync(string backend, int limit, CancellationToken cancellationToken);

    /// <summary>Moves a queued run from <paramref name="from"/> to <paramref name="alternative"/> (the alternative at index
    /// <paramref name="tried"/>, so later ones stay for a further failover) and appends a <c>run.failed-over</c> audit
    /// event, in one transaction; false when the run is no longer queued on <paramref name="from"/>.</summary>
    Task<bool> FailOverAsync(string runId, string from, string alternative, int tried, string reason, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Skips an alternative the run cannot run on (it does not validate there); the next check tries the one after.</summary>
    Task SkipAlternativeAsync(string runId, int tried, CancellationToken cancellationToken);
}

/// <summary>A queued run that may fail over: its experiment (to validate against the alternative), and what is left.</summary>
public sealed record FailoverCandidate(string RunId, string Tenant, string Fingerprint, IReadOnlyList<string> Alternatives, int Tried);
