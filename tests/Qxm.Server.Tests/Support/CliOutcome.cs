using Qxm.Cli;

namespace Qxm.Server.Tests.Support;

/// <summary>One in-process run of <c>qxm</c> with its output captured.</summary>
internal sealed record CliOutcome(int ExitCode, string Stdout, string Stderr)
{
    public static async Task<CliOutcome> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exitCode = await CliApp.RunAsync(args, stdout, stderr, CancellationToken.None);
        return new CliOutcome(exitCode, stdout.ToString(), stderr.ToString());
    }

    public IReadOnlyList<string> StderrLines => Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}
