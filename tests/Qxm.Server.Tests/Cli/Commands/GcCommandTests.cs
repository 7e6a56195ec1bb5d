using System.Net;
using System.Text.Json;
using Qxm.Server.Tests.Support;

namespace Qxm.Server.Tests.Cli.Commands;

public sealed class GcCommandTests
{
    [Fact]
    public async Task Gc_ExpiredRun_DryRunListsIt_GcMovesItsResultToTheArchive_AuditStillVerifies()
    {
        using var home = new TempDirectory();
        using var archive = new TempDirectory();
        // About a tenth of a second: the run expires almost at once, and the test waits for it by asking, not by sleeping.
        File.WriteAllText(Path.Combine(home.Path, "tenants.yaml"), "tenants:\n  - id: default\n    retention:\n      keepResultsDays: 0.000001\n");
        var run = await CliOutcome.RunAsync("run", Repository.Example("bell.yaml"), "--home", home.Path, "-o", "json");
        Assert.True(run.ExitCode == 0, run.ToString());
        var id = JsonDocument.Parse(run.Stdout).RootElement.GetProperty("run").GetProperty("id").GetString()!;
        var provenance = await CliOutcome.RunAsync("provenance", id, "--format", "json", "--home", home.Path);
        var result = JsonDocument.Parse(provenance.Stdout).RootElement.GetProperty("artifacts").EnumerateArray()
            .Single(a => a.GetProperty("role").GetString() == "result").GetProperty("hash").GetString()!;
        var resultFile = Path.Combine(home.Path, "artifacts", result[..2], result[2..]);

        var planned = await Eventually.WaitForAsync(async () =>
        {
            var dry = await CliOutcome.RunAsync("gc", "--dry-run", "--archive", archive.Path, "--home", home.Path, "-o", "json");
            Assert.True(dry.ExitCode == 0, dry.ToString());
            return JsonDocument.Parse(dry.Stdout).RootElement.GetProperty("lines").Clone();
        }, lines => lines.GetArrayLength() > 0, "the run to become due for retention", TimeSpan.FromSeconds(60));

        var line = Assert.Single(planned.EnumerateArray());
        Assert.Equal(("results-archived", 1, 1), (line.GetProperty("kind").GetString(), line.GetProperty("runs").GetInt32(), line.GetProperty("artifacts").GetInt32()));
        Assert.Equal(new FileInfo(resultFile).Length, line.GetProperty("bytes").GetInt64());
        Assert.True(File.Exists(resultFile));

        var gc = await CliOutcome.RunAsync("gc", "--archive", archive.Path, "--home", home.Path);
        var verify = await CliOutcome.RunAsync("audit", "verify", "--home", home.Path);
        var archived = await CliOutcome.RunAsync("status", "--state", "archived", "--home", home.Path, "-o", "json");
        var results = await CliOutcome.RunAsync("results", id, "--home", home.Path);

        Assert.True(gc.ExitCode == 0, gc.ToString());
        Assert.Contains("results-archived", gc.Stdout, StringComparison.Ordinal);
        Assert.False(File.Exists(resultFile));
        Assert.True(File.Exists(Path.Combine(archive.Path, result[..2], result[2..])));
        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.Equal(id, Assert.Single(JsonDocument.Parse(archived.Stdout).RootElement.EnumerateArray()).GetProperty("id").GetString());
        Assert.True(results.ExitCode == 0, results.ToString());
    }

    [Fact]
    public async Task Gc_OverServer_AsksTheServer_AndRefusesEmbeddedOptions()
    {
        await using var server = await RunningServer.StartAsync(runWorkers: false);
        var url = server.Url.ToString();
        using var credentials = await CredentialsFile.WriteAsync(server.AdminKey!);

        var dry = await CliOutcome.RunAsync("gc", "--dry-run", "--server", url, "--credentials", credentials.Path);
        var archive = await CliOutcome.RunAsync("gc", "--archive", "archive-dir", "--server", url, "--credentials", credentials.Path);

        Assert.True(dry.ExitCode == 0, dry.ToString());
        Assert.Contains("nothing would go", dry.Stdout, StringComparison.Ordinal);
        Assert.True(archive.ExitCode == 2, archive.ToString());
    }

    [Fact]
    public async Task GcEndpoint_DryRunAnswersTheReport_ABadFlagIs400()
    {
        await using var server = await RunningServer.StartAsync(runWorkers: false);

        using var dry = await server.Client.PostAsync("/api/v1/admin/gc?dryRun=true", null);
        using var bad = await server.Client.PostAsync("/api/v1/admin/gc?dryRun=maybe", null);

        Assert.Equal(HttpStatusCode.OK, dry.StatusCode);
        using var report = JsonDocument.Parse(await dry.Content.ReadAsStringAsync());
        Assert.True(report.RootElement.GetProperty("dryRun").GetBoolean());
        Assert.Equal(0, report.RootElement.GetProperty("lines").GetArrayLength());
        await Problem.ReadAsync(bad, HttpStatusCode.BadRequest);
    }
}
