using Qxm.Server.Tests.Support;

namespace Qxm.Server.Tests.Cli.Commands;

public sealed class StatusCommandTests
{
    [Theory]
    [InlineData("status")]
    [InlineData("results")]
    [InlineData("cancel")]
    public async Task UnknownRun_ExitsThree(string verb)
    {
        using var home = new TempDirectory();

        var outcome = await CliOutcome.RunAsync(verb, "r-00000000000000000000000000000000", "--home", home.Path);

        Assert.True(outcome.ExitCode == 3, outcome.ToString());
        Assert.Contains("r-00000000000000000000000000000000", outcome.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancel_QueuedRun_CancelsIt()
    {
        using var home = new TempDirectory();
        var id = (await CliOutcome.RunAsync("submit", Repository.Example("bell.yaml"), "--home", home.Path)).Stdout.Trim();

        var cancelled = await CliOutcome.RunAsync("cancel", id, "--home", home.Path);
        var again = await CliOutcome.RunAsync("cancel", id, "--home", home.Path);
        var status = await CliOutcome.RunAsync("status", id, "--home", home.Path);

        Assert.True(cancelled.ExitCode == 0, cancelled.ToString());
        Assert.True(again.ExitCode == 1, again.ToString());
        Assert.Contains("cancelled", status.Stdout, StringComparison.Ordinal);
    }
}
