using Qxm.Domain.Runs;

namespace Qxm.Cli.Rendering;

/// <summary>The JSON document <c>qxm run --output json</c> prints: the finished run and, when it succeeded, its result.</summary>
internal sealed record RunOutput(Run Run, RunResult? Result)
{
    /// <summary>What the experiment's hooks did, with their outputs' artifact hashes; null without hooks.</summary>
    public IReadOnlyList<HookRecord>? Hooks { get; init; }
}
