using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Qxm.Domain.Runs;
using Qxm.Server.Json;
using Qxm.Server.Tests.Support;

namespace Qxm.Server.Tests.Server;

public sealed class RunEndpointsTests
{
    [Fact]
    public async Task Submit_JsonBell_SucceedsWithOnlyCorrelatedOutcomes()
    {
        await using var server = await RunningServer.StartAsync();

        using var response = await server.SubmitAsync(Experiments.Json(Experiments.BellCircuit), "application/json");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var run = (await response.Content.ReadFromJsonAsync<Run>(ApiJson.Options))!;
        Assert.Equal($"/api/v1/runs/{run.Id}", response.Headers.Location?.OriginalString);
        Assert.Equal(RunState.Queued, run.State);
        var finished = await server.WaitUntilFinishedAsync(run.Id);
        Assert.Equal(RunState.Succeeded, finished.State);

        var result = (await server.Client.GetFromJsonAsync<RunResult>($"/api/v1/runs/{run.Id}/results", ApiJson.Options))!;
        var counts = Assert.Single(result.Points).Counts;
        Assert.Subset(new HashSet<string> { "00", "11" }, counts.Keys.ToHashSet());
        Assert.Equal(1000, counts.Values.Sum());
        Assert.All(counts.Values, count => Assert.InRange(count, 400, 600));
    }

    [Theory]
    [InlineData("application/yaml")]
    [InlineData("application/x-yaml")]
    [InlineData("text/yaml")]
    public async Task Submit_Yaml_Succeeds(string mediaType)
    {
        await using var server = await RunningServer.StartAsync();

        var run = await server.SubmitAcceptedAsync(Experiments.Yaml(Experiments.BellCircuit, shots: 200), mediaType);

        var finished = await server.WaitUntilFinishedAsync(run.Id);
        Assert.Equal(RunState.Succeeded, finished.State);
        Assert.Equal(["yaml"], finished.Tags);
    }

    [Fact]
    public async Task Submit_WireFormat_IsCamelCaseWithEnumsAsCamelCaseStrings()
    {
        await using var server = await RunningServer.StartAsync(runWorkers: false);

        using var response = await server.SubmitAsync(Experiments.Json(Experiments.BellCircuit), "application/json");

        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("queued", document.RootElement.GetProperty("state").GetString());
        Assert.Equal("sim.statevector", document.RootElement.GetProperty("backend").GetString());
        Assert.True(document.RootElement.TryGetProperty("sweepPoints", out _));
    }

    [Fact]
    public async Task List_FiltersByStateAndLimit()
    {
        await using var server = await RunningServer.StartAsync(runWorkers: false);
        var first = await server.SubmitAcceptedAsync(Experiments.Json(Experiments.BellCircuit, name: "one"), "application/json");
        var second = await server.SubmitAcceptedAsync(Experiments.Json(Experiments.BellCircuit, name: "two"), "application/json");

        var all = await server.ListRunsAsync();
        var limited = await server.Client.GetFromJsonAsync<List<Run>>("/api/v1/runs?limit=1", ApiJson.Options);
        var queued = await server.Client.GetFromJsonAsync<List<Run>>("/api/v1/runs?state=queued&backend=sim.statevector", ApiJson.Options);
        var succeeded = await server.Client.GetFromJsonAsync<List<Run>>("/api/v1/runs?state=succeeded", ApiJson.Options);

        Assert.Equal([second.Id, first.Id], all.Select(r => r.Id));
        Assert.Equal([second.Id], limited!.Select(r => r.Id));
        Assert.Equal(2, queued!.Count);
        Assert.Empty(succeeded!);
    }

    [Theory]
    [InlineData("state=bogus")]
    [InlineData("limit=0")]
    [InlineData("limit=100000")]
    public async Task List_InvalidQuery_Is400Problem(string query)
    {
        await using var server = await RunningServer.StartAsync(runWorkers: false);

        using var response = await server.Client.GetAsync($"/api/v1/runs?{query}");

        var problem = await Problem.ReadAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("urn:qxm:problem:invalid-query", problem.GetProperty("type").GetString());
    }

    [Fact]
    public async Task List_UnknownState_IsRefusedListingTheStatesARunCanBeIn()
    {
        await using var server = await RunningServer.StartAsync(runWorkers: false);

        using var response = await server.Client.GetAsync("/api/v1/runs?state=bogus");
        using var archived = await server.Client.GetAsync("/api/v1/runs?state=archived");

        var problem = await Problem.ReadAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(
            "state 'bogus' is not one of submitted, validated, queued, running, succeeded, failed, cancelled, archived, rejected",
            problem.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.OK, archived.StatusCode);
    }

    [Fact]
    public async Task Cancel_QueuedRun_IsCancelledAndThenConflicts()
    {
        await using var server = await RunningServer.StartAsync(runWorkers: false);
        var run = await server.SubmitAcceptedAsync(Experiments.Json(Experiments.BellCircuit), "application/json");

        using var cancel = await server.Client.PostAsync($"/api/v1/runs/{run.Id}/cancel", null);
        using var again = await server.Client.PostAsync($"/api/v1/runs/{run.Id}/cancel", null);
        using var results = await server.Client.GetAsync($"/api/v1/runs/{run.Id}/results");

        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        Assert.Equal(RunState.Cancelled, (await cancel.Content.ReadFromJsonAsync<Run>(ApiJson.Options))!.State);
        Assert.Equal(RunState.Cancelled, (await server.GetRunAsync(run.Id)).State);
        var problem = await Problem.ReadAsync(again, HttpStatusCode.Conflict);
        Assert.Equal("urn:qxm:problem:run-already-finished", problem.GetProperty("type").GetString());
        await Problem.ReadAsync(results, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Results_QueuedRun_Is409Problem()
    {
        await using var server = await RunningServer.StartAsync(runWorkers: false);
        var run = await server.SubmitAcceptedAsync(Experiments.Json(Experiments.BellCircuit), "application/json");

        using var response = await server.Client.GetAsync($"/api/v1/runs/{run.Id}/results");

        var problem = await Problem.ReadAsync(response, HttpStatusCode.Conflict);
        Assert.Equal("urn:qxm:problem:run-not-finished", problem.GetProperty("type").GetString());
    }

    [Theory]
    [InlineData("GET", "/api/v1/runs/r-unknown")]
    [InlineData("GET", "/api/v1/runs/r-unknown/results")]
    [InlineData("POST", "/api/v1/runs/r-unknown/cancel")]
    public async Task UnknownRun_Is404Problem(string method, string path)
    {
        await using var server = await RunningServer.StartAsync(runWorkers: false);

        using var response = await server.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        var problem = await Problem.ReadAsync(response, HttpStatusCode.NotFound);
        Assert.Equal("urn:qxm:problem:run-not-found", problem.GetProperty("type").GetString());
        Assert.Contains("r-unknown", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownRoute_Is404Problem()
    {
        await using var server = await RunningServer.StartAsync(runWorkers: false);

        using var response = await server.Client.GetAsync("/api/v1/nothing-here");

        await Problem.ReadAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Submit_UnsupportedMediaType_Is415Problem()
    {
        await using var server = await RunningServer.StartAsync(runWorkers: false);

        using var response = await server.SubmitAsync("name: x", "text/plain");

        await Problem.ReadAsync(response, HttpStatusCode.UnsupportedMediaType);
        Assert.Empty(await server.ListRunsAsync());
    }

    public static TheoryData<string, string, string, string> RefusedSubmissions() => new()
    {
        { "malformed yaml", "application/yaml", "version: 1\nname: [unclosed\nshots: 10\n", "experiment.syntax" },
        { "malformed json", "application/json", "{\"name\": ", "experiment.syntax" },
        { "unknown field", "application/json", Experiments.Json(Experiments.BellCircuit, edit: d => d["shotz"] = 5), "experiment.unknown-field" },
        { "zero shots", "application/json", Experiments.Json(Experiments.BellCircuit, shots: 0), "experiment.value" },
        { "circuit path", "application/json", Experiments.Json("x", edit: d => d["circuit"] = "bell.qasm"), "experiment.circuit-path-not-allowed" },
        { "qasm syntax", "application/json", Experiments.Json("OPENQASM 2.0;\nqreg q[2]\nh q[0];\n"), "qasm.syntax" },
        { "undefined gate", "application/json", Experiments.Json("OPENQASM 2.0;\nqreg q[2];\nfoo q[0];\n"), "qasm.undefined-gate" },
        { "qubit count", "application/json", Experiments.Json("OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[2];\ncx q[0];\n"), "qasm.qubit-count" },
        { "index out of range", "application/json", Experiments.Json("OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[2];\nh q[5];\n"), "qasm.index-out-of-range" },
        {
            "too large for memory", "application/json",
            Experiments.Json("OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[60];\ncreg c[60];\nh q[0];\nmeasure q -> c;\n"),
            "target.too-many-qubits"
        },
        { "unknown backend", "application/json", Experiments.Json(Experiments.BellCircuit, edit: d => d["backend"] = "nowhere"), "experiment.unknown-backend" },
    };

    [Theory]
    [MemberData(nameof(RefusedSubmissions))]
    public async Task Submit_Refused_Is400ProblemWithDiagnosticsAndStoresNothing(string name, string mediaType, string body, string rule)
    {
        await using var server = await RunningServer.StartAsync(runWorkers: false);
        await server.SubmitAcceptedAsync(Experiments.Json(Experiments.BellCircuit), "application/json");
        var before = await server.ListRunsAsync();

        using var response = await server.SubmitAsync(body, mediaType);

        var problem = await Problem.ReadAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("urn:qxm:problem:invalid-experiment", problem.GetProperty("type").GetString());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()), name);
        var diagnostics = problem.GetProperty("diagnostics").EnumerateArray().ToList();
        Assert.NotEmpty(diagnostics);
        var first = diagnostics.First(d => d.GetProperty("rule").GetString() == rule);
        Assert.False(string.IsNullOrEmpty(first.GetProperty("message").GetString()));
        foreach (var field in (string[])["rule", "message", "file", "line", "column", "path"])
        {
            Assert.True(diagnostics[0].TryGetProperty(field, out _), $"{name}: diagnostic lacks '{field}'");
        }

        if (rule.StartsWith("qasm.", StringComparison.Ordinal))
        {
            Assert.True(first.GetProperty("line").GetInt32() > 0, $"{name}: a circuit error is located");
            Assert.True(first.GetProperty("column").GetInt32() > 0, $"{name}: a circuit error is located");
        }

        Assert.Contains(first.GetProperty("message").GetString()!, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        // Nothing runnable is stored: at most a Rejected run that keeps the diagnostics, named in the problem.
        var after = await server.ListRunsAsync();
        var added = after.Where(r => before.All(b => b.Id != r.Id)).ToList();
        if (problem.TryGetProperty("rejectedRunId", out var rejected))
        {
            var run = Assert.Single(added);
            Assert.Equal((rejected.GetString(), RunState.Rejected), (run.Id, run.State));
            Assert.Contains(run.Diagnostics, d => d.Rule == rule);
        }
        else
        {
            Assert.Empty(added);
        }
    }

    [Fact]
    public async Task Submit_QasmSyntaxError_PointsAtTheMissingSemicolon()
    {
        await using var server = await RunningServer.StartAsync(runWorkers: false);

        using var response = await server.SubmitAsync(Experiments.Json("OPENQASM 2.0;\nqreg q[2]\nh q[0];\n"), "application/json");

        var problem = await Problem.ReadAsync(response, HttpStatusCode.BadRequest);
        var diagnostic = problem.GetProperty("diagnostics")[0];
        Assert.InRange(diagnostic.GetProperty("line").GetInt32(), 2, 3);
        Assert.StartsWith($"{diagnostic.GetProperty("file").GetString()}:{diagnostic.GetProperty("line").GetInt32()}:", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
