namespace Qxm.Backends.Devices;

/// <summary>The faults a fake device injects into calls to it, as its device file's <c>faults</c> section says
/// (docs/devices.md). Every decision is a function of <see cref="Seed"/>, the call and how many such calls came before
/// it, so a plan replays the same faults whatever order concurrent calls arrive in.</summary>
/// <param name="AuthExpiredEvery">Calls a token is good for; the next call fails until credentials are refreshed. 0: never.</param>
public sealed record FaultPlan(
    ulong Seed,
    double RateLimitedProbability,
    double RetryAfterSeconds,
    double TransientProbability,
    double TimeoutProbability,
    double TimeoutSeconds,
    int AuthExpiredEvery,
    double MalformedResultProbability,
    IReadOnlyList<FaultOutage> Outages)
{
    public static readonly FaultPlan None = new(0, 0, 0, 0, 0, 0, 0, 0, []);
}
