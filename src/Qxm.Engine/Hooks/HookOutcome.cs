namespace Qxm.Engine.Hooks;

/// <summary>What a hook did: its JSON answer, or why it has none (<see cref="Error"/>: timed out, exited non-zero, answered
/// something that is not JSON); with the input and output hashes and the time it took, for provenance.</summary>
public sealed record HookOutcome(
    string Hook,
    ReadOnlyMemory<byte>? Output,
    string? Error,
    string InputSha256,
    string? OutputSha256,
    double Seconds,
    int? ExitCode = null)
{
    /// <summary>The class of <see cref="Error"/>; null when the hook answered JSON.</summary>
    public HookFault? Fault { get; init; }
}
