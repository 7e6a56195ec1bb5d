namespace Qxm.Engine.Tenancy;

internal sealed class RetentionEntry
{
    public double? KeepResultsDays { get; set; }

    public string? AfterResults { get; set; }

    public double? KeepRejectedDays { get; set; }
}
