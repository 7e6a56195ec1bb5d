namespace Qxm.Cli.Rendering;

/// <summary>The provenance of one hook's step: which hook, for which run, its input and output hashes, how long it took,
/// and the artifacts holding its output and this record (embedded; null over <c>--server</c>).</summary>
internal sealed record HookRecord(
    string Phase,
    string Hook,
    string? RunId,
    string InputSha256,
    string? OutputSha256,
    double Seconds,
    int? ExitCode,
    string? Error,
    DateTimeOffset At)
{
    public string? OutputArtifact { get; init; }
}
