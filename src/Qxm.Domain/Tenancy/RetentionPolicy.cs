namespace Qxm.Domain.Tenancy;

/// <summary>How long a tenant's data is kept where it is. Null periods keep forever (the default).</summary>
/// <param name="KeepResultsFor">How long a finished run's raw results stay in the artifact store; then <paramref name="Expiry"/>
/// applies and the run becomes Archived.</param>
/// <param name="Expiry">What happens to them then.</param>
/// <param name="KeepRejectedFor">How long a Rejected run (refused, never queued) is kept before it is collected.</param>
public sealed record RetentionPolicy(TimeSpan? KeepResultsFor = null, RetentionExpiry Expiry = RetentionExpiry.Archive, TimeSpan? KeepRejectedFor = null)
{
    public static RetentionPolicy KeepAll { get; } = new();

    /// <summary>The longest period a policy may name: about a hundred years.</summary>
    public static TimeSpan MaxPeriod { get; } = TimeSpan.FromDays(36_500);
}
