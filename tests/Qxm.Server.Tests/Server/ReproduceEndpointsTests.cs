using System.Net;
using System.Net.Http.Json;
using Qxm.Domain.Runs;
using Qxm.Engine.Reproduction;
using Qxm.Server.Json;
using Qxm.Server.Tests.Support;

namespace Qxm.Server.Tests.Server;

public sealed class ReproduceEndpointsTests
{
    [Fact]
    public async Task Reproduce_SucceededRun_RerunIsComparedIdentical()
    {
        await using var server = await RunningServer.StartAsync();
        var run = await server.SubmitAcceptedAsync(Experiments.Json(Experiments.BellCircuit), "application/json");
        Assert.Equal(RunState.Succeeded, (await server.WaitUntilFinishedAsync(run.Id)).State);

        using var response = await server.Client.PostAsync($"/api/v1/runs/{run.Id}/reproduce?shots=1000", null);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var rerun = (await response.Content.ReadFromJsonAsync<Run>(ApiJson.Options))!;
        Assert.Equal(RunState.Succeeded, (await server.WaitUntilFinishedAsync(rerun.Id)).State);
        var comparison = (await server.Client.GetFromJsonAsync<RunComparison>($"/api/v1/runs/{rerun.Id}/comparison", ApiJson.Options))!;

        Assert.Equal((ReproduceVerdict.Identical, run.Id), (comparison.Verdict, comparison.OriginalRunId));
        using var bad = await server.Client.PostAsync($"/api/v1/runs/{run.Id}/reproduce?shots=0", null);
        await Problem.ReadAsync(bad, HttpStatusCode.BadRequest);
        using var original = await server.Client.GetAsync($"/api/v1/runs/{run.Id}/comparison");
        await Problem.ReadAsync(original, HttpStatusCode.Conflict);
    }
}
