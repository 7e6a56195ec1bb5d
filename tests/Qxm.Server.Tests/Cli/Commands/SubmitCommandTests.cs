using Qxm.Server.Tests.Support;

namespace Qxm.Server.Tests.Cli.Commands;

public sealed class SubmitCommandTests
{
    [Fact]
    public async Task Submit_TenantQueueFull_ExitsFiveWithOneLine()
    {
        using var home = new TempDirectory();
        await File.WriteAllTextAsync(Path.Combine(home.Path, "tenants.yaml"), "tenants:\n  - id: small\n    maxQueuedRuns: 1\n");

        var first = await CliOutcome.RunAsync("submit", Repository.Example("bell.yaml"), "--home", home.Path, "--tenant", "small");
        var second = await CliOutcome.RunAsync("submit", Repository.Example("bell.yaml"), "--home", home.Path, "--tenant", "small");

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True(second.ExitCode == 5, second.ToString());
        var line = Assert.Single(second.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("retry after", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_SameIdempotencyKey_PrintsTheSameRunId()
    {
        using var home = new TempDirectory();

        var first = await CliOutcome.RunAsync("submit", Repository.Example("bell.yaml"), "--home", home.Path, "--idempotency-key", "k-1");
        var second = await CliOutcome.RunAsync("submit", Repository.Example("bell.yaml"), "--home", home.Path, "--idempotency-key", "k-1");

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Equal(first.Stdout.Trim(), second.Stdout.Trim());
    }
}
