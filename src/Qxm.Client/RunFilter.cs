using Qxm.Domain.Runs;

namespace Qxm.Client;

/// <summary>Which runs a listing returns and in what order; every filter is optional.</summary>
public sealed record RunFilter
{
    /// <summary>Only runs in this state.</summary>
    public RunState? State { get; init; }

    /// <summary>Only runs on this backend.</summary>
    public string? Backend { get; init; }

    /// <summary>Only runs carrying this tag.</summary>
    public string? Tag { get; init; }

    /// <summary>Only runs of experiments with this name.</summary>
    public string? Name { get; init; }

    /// <summary>Only runs of this experiment version.</summary>
    public string? Fingerprint { get; init; }

    /// <summary>Only runs submitted by this principal.</summary>
    public string? Submitter { get; init; }

    /// <summary>Only runs created at or after this time.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Only runs created before this time.</summary>
    public DateTimeOffset? Until { get; init; }

    /// <summary>Oldest first instead of newest first.</summary>
    public bool OldestFirst { get; init; }

    /// <summary>Runs per page, 1 to 1000. Default 100.</summary>
    public int PageSize { get; init; } = 100;
}
