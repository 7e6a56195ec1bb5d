using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Qxm.Domain.Provenance;
using Qxm.Domain.Runs;
using Qxm.Server.Json;
using Qxm.Server.Tests.Support;

namespace Qxm.Server.Tests.Server;

public sealed class ProvenanceEndpointsTests
{
    [Fact]
    public async Task Provenance_SucceededRun_IsCompleteAsJsonAndAsProvJson()
    {
        await using var server = await RunningServer.StartAsync();
        var run = await server.SubmitAcceptedAsync(Experiments.Json(Experiments.BellCircuit), "application/json");
        Assert.Equal(RunState.Succeeded, (await server.WaitUntilFinishedAsync(run.Id)).State);

        var record = (await server.Client.GetFromJsonAsync<RunProvenance>($"/api/v1/runs/{run.Id}/provenance", ApiJson.Options))!;
        Assert.Empty(record.Missing);
        Assert.Equal(run.Fingerprint, record.Fingerprint);
        Assert.Equal([RunState.Validated, RunState.Queued, RunState.Running, RunState.Succeeded], record.Transitions.Select(t => t.To));
        Assert.Contains(record.Artifacts, a => a.Role == "result");

        using var prov = JsonDocument.Parse(await server.Client.GetStringAsync($"/api/v1/runs/{run.Id}/provenance?format=prov"));
        Assert.True(prov.RootElement.GetProperty("activity").TryGetProperty($"run:{run.Id}", out _));
        Assert.True(prov.RootElement.GetProperty("entity").TryGetProperty($"experiment:{run.Fingerprint}", out _));
    }

    [Fact]
    public async Task Provenance_UnknownRunOrFormat_IsAProblem()
    {
        await using var server = await RunningServer.StartAsync(runWorkers: false);
        var run = await server.SubmitAcceptedAsync(Experiments.Json(Experiments.BellCircuit), "application/json");

        using var unknown = await server.Client.GetAsync("/api/v1/runs/r-unknown/provenance");
        await Problem.ReadAsync(unknown, HttpStatusCode.NotFound);
        using var format = await server.Client.GetAsync($"/api/v1/runs/{run.Id}/provenance?format=xml");
        var problem = await Problem.ReadAsync(format, HttpStatusCode.BadRequest);
        Assert.Contains("json, prov", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var queued = (await server.Client.GetFromJsonAsync<RunProvenance>($"/api/v1/runs/{run.Id}/provenance", ApiJson.Options))!;
        Assert.Equal(RunState.Queued, queued.State);
        Assert.Empty(queued.Missing);
        Assert.Null(queued.QueueWaitSeconds);
    }
}
