namespace Qxm.Domain.Runs;

/// <summary>The approved alternatives of a run's backend (the experiment's, else its tenant's for that backend) and, once
/// the run failed over, from where, to where (the run's backend now), when and why. A failed-over run's results come from
/// another device or a simulation under the original device's calibration: not comparable bit for bit with what the
/// original backend would have returned.</summary>
public sealed record RunFailover(IReadOnlyList<string> Alternatives, string? From = null, DateTimeOffset? At = null, string? Reason = null)
{
    /// <summary>How many alternatives were already moved to (the next one to try is at this index).</summary>
    public int Tried { get; init; }

    public bool FailedOver => From is not null;
}
