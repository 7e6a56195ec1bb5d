using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Qxm.Client.Wire;
using Qxm.Domain.Loops;
using Qxm.Server.Endpoints;
using Qxm.Server.Json;
using Qxm.Server.Tests.Support;

namespace Qxm.Server.Tests.Loops;

/// <summary>Optimizer loops driven by <c>qxm serve</c>: started over the API or by <c>qxm optimize --server</c>, followed
/// through their trace and the event stream.</summary>
public sealed class ServerLoopTests
{
    /// <summary>Minimise Z on ry(t)|0>: cos t, least (-1) at t = pi.</summary>
    private const string Loop = """
        name: server-loop
        kind: optimize
        circuit:
          source: |
            OPENQASM 3.0;
            include "stdgates.inc";
            input float[64] t;
            qubit[1] q;
            ry(t) q[0];
        shots: 100
        seed: 3
        expectation: exact
        observables: {z: Z0}
        optimize:
          objective: z
          initial: {t: 0.5}
          step: 0.4
          tolerance: 1e-8
          maxIterations: 80
        """;

    [Fact]
    public async Task Start_OverTheApi_ConvergesAndEveryEvaluationIsOnTheEventStream()
    {
        await using var server = await RunningServer.StartAsync();

        using var response = await server.Client.PostAsync("/api/v1/loops", new StringContent(Loop, Encoding.UTF8, "application/yaml"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var started = (await response.Content.ReadFromJsonAsync<LoopTrace>(ApiJson.Options))!;
        Assert.Equal(LoopState.Running, started.Loop.State);
        Assert.EndsWith("/api/v1/loops/" + started.Loop.Id, response.Headers.Location!.ToString(), StringComparison.Ordinal);

        var trace = await WaitEndedAsync(server, started.Loop.Id);

        Assert.Equal(LoopState.Converged, trace.Loop.State);
        Assert.True(trace.Loop.BestValue < -0.9999, $"best {trace.Loop.BestValue}");
        Assert.Equal(Enumerable.Range(0, trace.Evaluations.Count), trace.Evaluations.Select(e => e.Index));
        using var events = JsonDocument.Parse(await server.Client.GetStringAsync("/api/v1/events?follow=false&format=json"));
        var loopEvents = events.RootElement.EnumerateArray()
            .Where(e => e.GetProperty("kind").GetString()!.StartsWith("loop.", StringComparison.Ordinal)).ToList();
        var evaluations = loopEvents.Where(e => e.GetProperty("kind").GetString() == "loop.evaluation").ToList();
        Assert.Equal(trace.Evaluations.Select(e => e.RunId), evaluations.Select(e => e.GetProperty("runId").GetString()));
        Assert.All(evaluations, e => Assert.Equal(started.Loop.Id, e.GetProperty("data").GetProperty("loop").GetString()));
        Assert.Equal(trace.Evaluations.Select(e => e.Value), evaluations.Select(e => e.GetProperty("data").GetProperty("value").GetDouble()));
        var states = loopEvents.Where(e => e.GetProperty("kind").GetString() == "loop.state").Select(e => $"{e.GetProperty("from").GetString()}>{e.GetProperty("to").GetString()}");
        Assert.Equal([">running", "running>converged"], states);

        using var audit = JsonDocument.Parse(await server.Client.GetStringAsync("/api/v1/audit?limit=10000"));
        var loops = audit.RootElement.EnumerateArray().Select(e => e.GetProperty("entry")).Where(e => e.GetProperty("objectId").GetString() == started.Loop.Id)
            .Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.Equal(["loop.started", "loop.finished"], loops);
    }

    [Theory]
    [InlineData("name: plain\ncircuit:\n  source: \"OPENQASM 3.0; qubit[1] q;\"\nshots: 10\n", "is not kind: optimize")]
    [InlineData("name: far\nkind: optimize\nbackend: sim.nope\ncircuit:\n  source: \"OPENQASM 3.0; input float[64] t; qubit[1] q; rx(t) q[0];\"\nshots: 10\nobservables: {z: Z0}\noptimize: {objective: z, initial: {t: 0}}\n", "sim.nope")]
    public async Task Start_ALoopThatCannotRun_Is400ProblemAndStartsNothing(string experiment, string says)
    {
        await using var server = await RunningServer.StartAsync();

        using var response = await server.Client.PostAsync("/api/v1/loops", new StringContent(experiment, Encoding.UTF8, "application/yaml"));

        var problem = await Problem.ReadAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(says, problem.GetRawText(), StringComparison.Ordinal);
        Assert.Empty(await server.Runtime.Loops.ListLoopsAsync(LoopState.Running, 10, default));
    }

    [Fact]
    public async Task Optimize_WithServer_StartsTheLoopThereAndFollowsItToTheEnd()
    {
        await using var server = await RunningServer.StartAsync();
        using var credentials = await CredentialsFile.WriteAsync(server.AdminKey!);
        var directory = Directory.CreateTempSubdirectory("qxm-server-loop-").FullName;
        try
        {
            var file = Path.Combine(directory, "loop.yaml");
            await File.WriteAllTextAsync(file, Loop);

            var outcome = await CliOutcome.RunAsync("--server", server.Url.ToString(), "--credentials", credentials.Path, "optimize", file, "-o", "json");

            Assert.True(outcome.ExitCode == 0, outcome.ToString());
            Assert.Contains("started on the server", outcome.Stderr, StringComparison.Ordinal);
            using var document = JsonDocument.Parse(outcome.Stdout);
            var loop = document.RootElement.GetProperty("loop");
            Assert.Equal("converged", loop.GetProperty("state").GetString());
            var id = loop.GetProperty("id").GetString()!;
            Assert.Equal(LoopState.Converged, (await server.Runtime.Loops.GetLoopAsync(id, default))!.State);
            Assert.Equal(loop.GetProperty("evaluations").GetInt32(), document.RootElement.GetProperty("evaluations").GetArrayLength());
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static Task<LoopTrace> WaitEndedAsync(RunningServer server, string loopId) =>
        Eventually.WaitForAsync(
            async () => (await server.Client.GetFromJsonAsync<LoopTrace>($"/api/v1/loops/{loopId}", ApiJson.Options))!,
            trace => trace.Loop.State != LoopState.Running, $"loop {loopId} to end", TimeSpan.FromSeconds(120));
}
