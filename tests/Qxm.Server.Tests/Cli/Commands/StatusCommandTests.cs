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

    [Fact]
    public async Task Status_UnknownState_OneLineNamingTheReachableStates()
    {
        using var home = new TempDirectory();

        var outcome = await CliOutcome.RunAsync("status", "--state", "bogus", "--home", home.Path);

        Assert.True(outcome.ExitCode == 2, outcome.ToString());
        Assert.Equal(
            "qxm: --state: 'bogus' is not a run state; use one of submitted, validated, queued, running, succeeded, failed, cancelled, archived, rejected",
            outcome.StderrLines[0]);
        Assert.DoesNotContain("Qxm.", outcome.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_StateInAnyCase_Filters()
    {
        using var home = new TempDirectory();
        var id = (await CliOutcome.RunAsync("submit", Repository.Example("bell.yaml"), "--home", home.Path)).Stdout.Trim();

        var queued = await CliOutcome.RunAsync("status", "--state", "Queued", "--home", home.Path);
        var running = await CliOutcome.RunAsync("status", "--state", "running", "--home", home.Path);

        Assert.Contains(id, queued.Stdout, StringComparison.Ordinal);
        Assert.Equal("no runs", running.Stdout.Trim());
    }

    [Fact]
    public async Task Results_QueuedRunEmbedded_SaysWhatWillExecuteIt_AndWatchExecutesIt()
    {
        using var home = new TempDirectory();
        var id = (await CliOutcome.RunAsync("submit", Repository.Example("bell.yaml"), "--home", home.Path)).Stdout.Trim();

        var early = await CliOutcome.RunAsync("results", id, "--home", home.Path);
        var watched = await CliOutcome.RunAsync("watch", id, "--home", home.Path);
        var results = await CliOutcome.RunAsync("results", id, "--home", home.Path);

        Assert.True(early.ExitCode == 1, early.ToString());
        Assert.Contains("has no results yet; runs submitted here execute while 'qxm watch RUN'", early.Stderr, StringComparison.Ordinal);
        Assert.True(watched.ExitCode == 0, watched.ToString());
        Assert.Contains("running -> succeeded", watched.Stdout, StringComparison.Ordinal);
        Assert.True(results.ExitCode == 0, results.ToString());
    }
}
