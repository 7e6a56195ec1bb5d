using Qxm.Domain.Calibration;

namespace Qxm.Domain.Tenancy;

/// <summary>A project or team sharing backends. Null limits mean unlimited; an empty <see cref="AllowedBackends"/> allows all.</summary>
public sealed record Tenant
{
    public const string DefaultId = "default";

    public required string Id { get; init; }

    /// <summary>Relative share of backend time when tenants compete (greater than 0).</summary>
    public double Weight { get; init; } = 1;

    public int? MaxQueuedRuns { get; init; }

    /// <summary>Shots (times sweep points) accepted per UTC day.</summary>
    public long? ShotsPerDay { get; init; }

    public IReadOnlyList<string> AllowedBackends { get; init; } = [];

    /// <summary>Shots times sweep points one run may ask for; null means the server's limit.</summary>
    public long? MaxShotsPerRun { get; init; }

    /// <summary>US dollars of estimated cost (actual where the vendor reported it) the tenant's runs may take per UTC day;
    /// null means no budget.</summary>
    public decimal? BudgetPerDay { get; init; }

    /// <summary>The same per UTC calendar month.</summary>
    public decimal? BudgetPerMonth { get; init; }

    /// <summary>Bytes the tenant's admitted runs may store (experiment specs and circuit sources).</summary>
    public long? MaxStoredBytes { get; init; }

    /// <summary>How long one of its runs may execute before it is failed; null means the server's deadline.</summary>
    public TimeSpan? RunDeadline { get; init; }

    /// <summary>What the tenant's runs do when their backend drifts, unless the experiment says otherwise.</summary>
    public DriftPolicy OnDrift { get; init; } = DriftPolicy.Run;

    /// <summary>Approved alternatives per backend, for runs whose experiment names none.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Failover { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>How long its results and Rejected runs are kept (docs/provenance.md, retention).</summary>
    public RetentionPolicy Retention { get; init; } = RetentionPolicy.KeepAll;

    public bool MayUse(string backend) => AllowedBackends.Count == 0 || AllowedBackends.Contains(backend, StringComparer.Ordinal);
}
