using Qxm.Server.Tests.Support;

namespace Qxm.Server.Tests.Cli;

public sealed class CliAppTests
{
    private static readonly string[] Commands = ["run", "submit", "status", "results", "cancel", "backends", "validate", "queue", "reservations", "tenants", "keys", "keys create", "keys list", "keys revoke", "keys rotate", "credentials", "credentials set", "credentials list", "credentials remove", "audit", "audit list", "audit verify", "serve", "bench", "bench-service"];

    [Fact]
    public async Task Help_MatchesSnapshot()
    {
        var text = new System.Text.StringBuilder();
        var root = await CliOutcome.RunAsync("--help");
        Assert.True(root.ExitCode == 0, root.ToString());
        text.Append("$ qxm --help\n").Append(root.Stdout);
        foreach (var command in Commands)
        {
            var help = await CliOutcome.RunAsync([.. command.Split(' '), "--help"]);
            Assert.True(help.ExitCode == 0, help.ToString());
            text.Append($"\n$ qxm {command} --help\n").Append(help.Stdout);
        }

        Snapshot.Match(text.ToString(), "Cli", "Snapshots", "help.txt");
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("run")]
    [InlineData("status", "--limit", "many")]
    [InlineData("backends", "--output", "xml")]
    [InlineData("backends", "--server", "not a url")]
    [InlineData("serve", "--lease-seconds", "0")]
    [InlineData("serve", "--workers", "0")]
    [InlineData("serve", "--port", "1", "--urls", "http://127.0.0.1:2")]
    [InlineData("serve", "--urls", "ftp://127.0.0.1:2")]
    public async Task BadCommandLine_ExitsTwo(params string[] args)
    {
        var outcome = await CliOutcome.RunAsync(args);

        Assert.True(outcome.ExitCode == 2, outcome.ToString());
        Assert.Equal("", outcome.Stdout);
    }

    [Fact]
    public async Task Backends_Embedded_ListsTheSimulator()
    {
        using var home = new TempDirectory();

        var outcome = await CliOutcome.RunAsync("backends", "--home", home.Path);

        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        Assert.Contains("sim.statevector", outcome.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServerUnreachable_ExitsFour()
    {
        var outcome = await CliOutcome.RunAsync("backends", "--server", "http://127.0.0.1:1");

        Assert.True(outcome.ExitCode == 4, outcome.ToString());
        Assert.Single(outcome.StderrLines);
    }
}
