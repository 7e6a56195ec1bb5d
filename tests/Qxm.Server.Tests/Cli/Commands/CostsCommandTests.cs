using Qxm.Server.Tests.Support;

namespace Qxm.Server.Tests.Cli.Commands;

/// <summary><c>qxm costs</c> embedded: the runs admitted so far, one line a group and a total, a run whose backend reported
/// no actual cost marked as estimated only; a grouping it does not know is a usage error.</summary>
public sealed class CostsCommandTests
{
    [Fact]
    public async Task Costs_AfterASubmission_ListsItsBackendWithATotal_AndAnUnknownGroupingExits2()
    {
        using var home = new TempDirectory();
        var empty = await CliOutcome.RunAsync("costs", "--home", home.Path);
        await CliOutcome.RunAsync("submit", Repository.Example("bell.yaml"), "--home", home.Path);

        var byBackend = await CliOutcome.RunAsync("costs", "--home", home.Path);
        var byTenant = await CliOutcome.RunAsync("costs", "--by", "tenant", "--since", "2026-01-01", "--home", home.Path);
        var bad = await CliOutcome.RunAsync("costs", "--by", "colour", "--home", home.Path);

        Assert.Equal((0, "no runs with costs"), (empty.ExitCode, empty.Stdout.Trim()));
        Assert.True(byBackend.ExitCode == 0, byBackend.ToString());
        var lines = byBackend.Stdout.Trim().Split('\n');
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("backend ", lines[0], StringComparison.Ordinal);
        Assert.Matches(@"^sim\.statevector\s+1\s+\$0\.00\s+\$0\.00\s+\$0\.00  \(1 estimated only\)$", lines[1]);
        Assert.StartsWith("total ", lines[2], StringComparison.Ordinal);
        Assert.Contains("default ", byTenant.Stdout, StringComparison.Ordinal);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--by must be backend, tenant or experiment", bad.Stderr, StringComparison.Ordinal);
    }
}
