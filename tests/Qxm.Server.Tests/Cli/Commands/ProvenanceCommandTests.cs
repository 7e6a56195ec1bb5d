using System.Text.Json;
using Qxm.Server.Tests.Support;

namespace Qxm.Server.Tests.Cli.Commands;

public sealed class ProvenanceCommandTests
{
    [Fact]
    public async Task Provenance_RunThenRecord_ShowsHistoryMachineAndProvJson()
    {
        using var home = new TempDirectory();
        var run = await CliOutcome.RunAsync("run", Repository.Example("bell.yaml"), "--home", home.Path, "-o", "json");
        Assert.True(run.ExitCode == 0, run.ToString());
        var id = JsonDocument.Parse(run.Stdout).RootElement.GetProperty("run").GetProperty("id").GetString()!;

        var text = await CliOutcome.RunAsync("provenance", id, "--home", home.Path);
        var json = await CliOutcome.RunAsync("provenance", id, "--format", "json", "--home", home.Path);
        var prov = await CliOutcome.RunAsync("provenance", id, "--format", "prov", "--home", home.Path);
        var status = await CliOutcome.RunAsync("status", id, "--home", home.Path);

        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.Contains("history", text.Stdout, StringComparison.Ordinal);
        Assert.Contains("commit", text.Stdout, StringComparison.Ordinal);
        using var record = JsonDocument.Parse(json.Stdout);
        Assert.Equal(0, record.RootElement.GetProperty("missing").GetArrayLength());
        Assert.Equal("bell", record.RootElement.GetProperty("name").GetString());
        using var document = JsonDocument.Parse(prov.Stdout);
        Assert.True(document.RootElement.GetProperty("activity").TryGetProperty($"run:{id}", out _));
        Assert.Contains("succeeded", status.Stdout, StringComparison.Ordinal);
        Assert.Contains("history", status.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Provenance_UnknownRun_ExitsThree()
    {
        using var home = new TempDirectory();

        var outcome = await CliOutcome.RunAsync("provenance", "r-00000000000000000000000000000000", "--home", home.Path);

        Assert.True(outcome.ExitCode == 3, outcome.ToString());
    }

    [Fact]
    public async Task Status_SearchByTagAndName_PagesWithThePrintedCursor()
    {
        using var home = new TempDirectory();
        for (var i = 0; i < 3; i++)
        {
            var submitted = await CliOutcome.RunAsync("submit", Repository.Example("bell.yaml"), "--home", home.Path);
            Assert.True(submitted.ExitCode == 0, submitted.ToString());
        }

        var first = await CliOutcome.RunAsync("status", "--tag", "demo", "--name", "bell", "--limit", "2", "--home", home.Path, "-o", "json");
        var cursor = first.Stderr.Split("--cursor ")[1].Trim();
        var second = await CliOutcome.RunAsync("status", "--tag", "demo", "--limit", "2", "--cursor", cursor, "--home", home.Path, "-o", "json");
        var none = await CliOutcome.RunAsync("status", "--tag", "absent", "--home", home.Path);
        var bad = await CliOutcome.RunAsync("status", "--since", "yesterday", "--home", home.Path);
        var versions = await CliOutcome.RunAsync("experiments", "bell", "--home", home.Path, "-o", "json");

        Assert.Equal(2, JsonDocument.Parse(first.Stdout).RootElement.GetArrayLength());
        Assert.Equal(1, JsonDocument.Parse(second.Stdout).RootElement.GetArrayLength());
        Assert.Contains("no runs", none.Stdout, StringComparison.Ordinal);
        Assert.True(bad.ExitCode == 2, bad.ToString());
        Assert.Equal(1, JsonDocument.Parse(versions.Stdout).RootElement.GetArrayLength());
    }

    [Fact]
    public async Task Reproduce_SeededRun_PrintsIdenticalAndLinksTheRuns()
    {
        using var home = new TempDirectory();
        var run = await CliOutcome.RunAsync("run", Repository.Example("bell.yaml"), "--home", home.Path, "-o", "json");
        var id = JsonDocument.Parse(run.Stdout).RootElement.GetProperty("run").GetProperty("id").GetString()!;

        var reproduced = await CliOutcome.RunAsync("reproduce", id, "--home", home.Path);
        var unknown = await CliOutcome.RunAsync("reproduce", "r-00000000000000000000000000000000", "--home", home.Path);
        var provenance = await CliOutcome.RunAsync("provenance", id, "--home", home.Path);

        Assert.True(reproduced.ExitCode == 0, reproduced.ToString());
        Assert.Contains("identical: rerun", reproduced.Stdout, StringComparison.Ordinal);
        Assert.True(unknown.ExitCode == 3, unknown.ToString());
        Assert.Contains("reproduced-by", provenance.Stdout, StringComparison.Ordinal);
    }
}
