using System.Net;
using System.Net.Http.Json;
using System.Text;
using Qxm.Domain.Runs;
using Qxm.Server.Json;
using Qxm.Server.Tests.Support;

namespace Qxm.Server.Tests.Server;

/// <summary>Idempotent replays, refusals that store nothing, and the run deadline, through the API.</summary>
public sealed class SubmissionLimitsTests
{
    [Fact]
    public async Task Submit_SameKeySameExperiment_ReplaysWithHeader()
    {
        await using var server = await RunningServer.StartAsync(runWorkers: false);

        using var first = await KeyedAsync(server, Experiments.Json(Experiments.BellCircuit, shots: 100), "application/json", "key-1");
        using var again = await KeyedAsync(server, Experiments.Json(Experiments.BellCircuit, shots: 100), "application/json", "key-1");

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal((await first.Content.ReadFromJsonAsync<Run>(ApiJson.Options))!.Id, (await again.Content.ReadFromJsonAsync<Run>(ApiJson.Options))!.Id);
        Assert.Single(await server.ListRunsAsync());
    }

    [Fact]
    public async Task Submit_RefusedByTarget_StoresNoCircuit()
    {
        await using var server = await RunningServer.StartAsync(runWorkers: false);
        var huge = "OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[2];\n" + string.Concat(Enumerable.Repeat("// padding to make the source large\n", 20_000)) + "nope q[0];\n";

        using var response = await server.SubmitAsync(Experiments.Json(huge, name: "refused"), "application/json");

        await Problem.ReadAsync(response, HttpStatusCode.BadRequest);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(server.Home, "artifacts"), "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Submit_QueueFull_LeavesOnlyAJournalledArtifact()
    {
        await using var server = await RunningServer.StartAsync(runWorkers: false, tenantsYaml: "tenants:\n  - id: default\n    maxQueuedRuns: 1\n");

        await server.SubmitAcceptedAsync(Experiments.Json(Experiments.BellCircuit, name: "first"), "application/json");
        using var refused = await server.SubmitAsync(Experiments.Json(Experiments.BellCircuit, name: "second", seed: 9, edit: d => d["circuit"] = new System.Text.Json.Nodes.JsonObject { ["source"] = Experiments.BellCircuit + "\n// other" }), "application/json");

        await Problem.ReadAsync(refused, HttpStatusCode.TooManyRequests);
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(server.Home, "qxm.db")};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM artifact_orphans";
        Assert.Equal(1L, (long)(await command.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task Run_PastItsDeadline_FailsClassifiedAndFreesTheWorker()
    {
        await using var server = await RunningServer.StartAsync(configure: o => o with { Workers = 1, Engine = o.Engine with { RunDeadline = TimeSpan.FromSeconds(1) } });

        var slow = await server.SubmitAcceptedAsync(Experiments.Json(Experiments.Heavy(qubits: 22, layers: 400), shots: 100, name: "slow"), "application/json");
        var failed = await server.WaitUntilFinishedAsync(slow.Id);
        var quick = await server.SubmitAcceptedAsync(Experiments.Json(Experiments.BellCircuit, shots: 100, name: "quick"), "application/json");

        Assert.Equal(RunState.Failed, failed.State);
        Assert.StartsWith("DeadlineExceeded:", failed.Error, StringComparison.Ordinal);
        Assert.Equal(RunState.Succeeded, (await server.WaitUntilFinishedAsync(quick.Id)).State);
    }

    private static async Task<HttpResponseMessage> KeyedAsync(RunningServer server, string body, string mediaType, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/runs") { Content = new StringContent(body, Encoding.UTF8, mediaType) };
        request.Headers.Add("Idempotency-Key", key);
        return await server.Client.SendAsync(request);
    }
}
