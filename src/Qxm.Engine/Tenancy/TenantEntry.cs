namespace Qxm.Engine.Tenancy;

internal sealed class TenantEntry
{
    public string? Id { get; set; }

    public double? Weight { get; set; }

    public int? MaxQueuedRuns { get; set; }

    public long? ShotsPerDay { get; set; }

    public List<string>? AllowedBackends { get; set; }

    public long? MaxShotsPerRun { get; set; }

    public long? MaxStoredBytes { get; set; }

    public decimal? BudgetPerDay { get; set; }

    public decimal? BudgetPerMonth { get; set; }

    public double? RunDeadlineSeconds { get; set; }

    public string? OnDrift { get; set; }

    public Dictionary<string, List<string>>? Failover { get; set; }

    public RetentionEntry? Retention { get; set; }
}
