using System.Net;
using System.Net.Http.Json;
using Qxm.Engine.Slo;
using Qxm.Server.Json;
using Qxm.Server.Tests.Support;

namespace Qxm.Server.Tests.Telemetry;

public sealed class SloEndpointsTests
{
    [Fact]
    public async Task Slo_AfterARun_ReportsItPerTenantAndBackendAndTheCliAgrees()
    {
        await using var server = await RunningServer.StartAsync();
        var run = await server.SubmitAcceptedAsync(Experiments.Json(Experiments.BellCircuit, shots: 10), "application/json");
        await server.WaitUntilFinishedAsync(run.Id);

        var report = (await server.Client.GetFromJsonAsync<SliReport>("/api/v1/slo?window=1h", ApiJson.Options))!;

        Assert.Equal("1h", report.Window);
        var group = report.Groups.Single(g => g.Tenant == "default" && g.Backend == "sim.statevector");
        Assert.Equal((1, 1, 1.0, 1.0), (group.Finished, group.Succeeded, group.SuccessRate, group.TelemetryCompleteness));
        Assert.NotNull(group.EndToEnd);
        using var credentials = await CredentialsFile.WriteAsync(server.AdminKey!);
        var cli = await CliOutcome.RunAsync("--server", server.Url.ToString(), "--credentials", credentials.Path, "slo", "--window", "1h", "--output", "json");
        Assert.True(cli.ExitCode == 0, cli.ToString());
        Assert.Contains("\"successRate\": 1", cli.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Slo_BadWindow_Is400Problem()
    {
        await using var server = await RunningServer.StartAsync(runWorkers: false);

        using var response = await server.Client.GetAsync("/api/v1/slo?window=forever");

        var problem = await Problem.ReadAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("forever", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SloRules_MissingFile_ExitsTwoWithOneLine()
    {
        using var home = new TempDirectory();

        var outcome = await CliOutcome.RunAsync("slo", "rules", "--home", home.Path);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("slos.yaml", Assert.Single(outcome.StderrLines), StringComparison.Ordinal);
    }
}
