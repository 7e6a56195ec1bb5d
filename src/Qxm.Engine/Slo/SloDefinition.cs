namespace Qxm.Engine.Slo;

/// <summary>One objective: the <paramref name="Sli"/> (success_rate, latency or queue_wait) must be good for
/// <paramref name="Objective"/> of the runs over <paramref name="Window"/>. Latency kinds count a run good when it took at
/// most <paramref name="ThresholdSeconds"/>, which must be a bucket boundary of the histogram.</summary>
public sealed record SloDefinition(string Name, string Sli, double Objective, TimeSpan Window, double? ThresholdSeconds = null)
{
    public const string SuccessRate = "success_rate";
    public const string Latency = "latency";
    public const string QueueWait = "queue_wait";

    public static readonly IReadOnlyList<string> Slis = [SuccessRate, Latency, QueueWait];
}
