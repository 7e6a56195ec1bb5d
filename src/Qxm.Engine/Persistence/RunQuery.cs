using Qxm.Domain.Runs;

namespace Qxm.Engine.Persistence;

/// <summary>Runs matching every filter given, newest first (or oldest first), <see cref="Limit"/> at a time after the
/// position <see cref="After"/>. <paramref name="Tenant"/> null lists every tenant's runs (the engine's own view);
/// clients list through a tenant-scoped service.</summary>
public sealed record RunQuery(RunState? State = null, string? Backend = null, int Limit = 50, string? Tenant = null)
{
    /// <summary>Only runs carrying this tag.</summary>
    public string? Tag { get; init; }

    /// <summary>Only runs of experiments with this name.</summary>
    public string? Name { get; init; }

    public string? Fingerprint { get; init; }

    /// <summary>Only runs whose submission names this principal.</summary>
    public string? Submitter { get; init; }

    /// <summary>Only runs created at or after this time.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Only runs created before this time.</summary>
    public DateTimeOffset? Until { get; init; }

    public RunOrder Order { get; init; } = RunOrder.Newest;

    /// <summary>The page starts after this run's position in <see cref="Order"/> (a keyset cursor: no offset is counted).</summary>
    public RunCursor? After { get; init; }
}
