namespace Qxm.Server.Fuzzing;

/// <summary>What a fuzz run saw. It passed when no request got a 5xx, none hung, the server never stopped answering
/// and its memory stayed under the bound.</summary>
public sealed record ApiFuzzReport(
    long Sent,
    IReadOnlyDictionary<int, long> ByStatus,
    long ServerErrors,
    long Hangs,
    long ConnectionFailures,
    long NonProblemClientErrors,
    long PeakResidentBytes,
    double Seconds,
    IReadOnlyList<string> Findings,
    long Resent)
{
    public bool Passed => ServerErrors == 0 && Hangs == 0 && ConnectionFailures == 0 && Findings.Count == 0;
}
