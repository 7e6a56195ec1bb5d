using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Qxm.Client.Wire;
using Qxm.Domain.Loops;
using Qxm.Server.Json;
using Qxm.Server.Tests.Support;

namespace Qxm.Server.Tests.Loops;

/// <summary>Loops whose objective is a post hook (the example's python3 script, a real process): driven by <c>qxm
/// serve</c> when its operator allows that hook, refused when not, and embedded through <c>qxm optimize</c>.</summary>
public sealed class ObjectiveHookServerTests
{
    private static string Script => Repository.Example("maxcut_cvar.py");

    [Fact]
    public async Task Start_HookTheOperatorAllows_TheServerDrivesTheLoopWithIt()
    {
        await using var server = await RunningServer.StartAsync(configure: o => o with { AllowedHooks = ["python3 " + Script] });

        using var response = await server.Client.PostAsync("/api/v1/loops", new StringContent(Loop(["python3", Script, "1"]).ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var started = (await response.Content.ReadFromJsonAsync<LoopTrace>(ApiJson.Options))!;

        var trace = await Eventually.WaitForAsync(
            async () => (await server.Client.GetFromJsonAsync<LoopTrace>($"/api/v1/loops/{started.Loop.Id}", ApiJson.Options))!,
            t => t.Loop.State != LoopState.Running, "the loop to end", TimeSpan.FromSeconds(120));

        Assert.True(trace.Loop.State == LoopState.Stopped, trace.Loop.Reason);
        Assert.Equal(3, trace.Evaluations.Count);
        foreach (var evaluation in trace.Evaluations)
        {
            using var record = JsonDocument.Parse((await server.Runtime.Artifacts.GetAsync(evaluation.ObjectiveArtifact!, default))!);
            Assert.Equal(evaluation.RunId, record.RootElement.GetProperty("runId").GetString());
            Assert.Equal(evaluation.Value, record.RootElement.GetProperty("value").GetDouble());
        }
    }

    [Theory]
    [InlineData(false, "this server runs no hooks")]
    [InlineData(true, "this server's operator has not allowed this hook")]
    public async Task Start_HookTheOperatorDidNotAllow_Is400ProblemAndStartsNothing(bool allowOther, string says)
    {
        await using var server = await RunningServer.StartAsync(configure: o => o with { AllowedHooks = allowOther ? ["python3 /srv/other.py"] : [] });

        using var response = await server.Client.PostAsync("/api/v1/loops", new StringContent(Loop(["python3", Script]).ToJsonString(), Encoding.UTF8, "application/json"));

        var problem = await Problem.ReadAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(says, problem.GetRawText(), StringComparison.Ordinal);
        Assert.Empty(await server.Runtime.Loops.ListLoopsAsync(LoopState.Running, 10, default));
    }

    [Fact]
    public async Task Optimize_WithServer_SendsTheObjectiveHookAndFollowsTheLoop()
    {
        await using var server = await RunningServer.StartAsync(configure: o => o with { AllowedHooks = ["python3 " + Script] });
        using var credentials = await CredentialsFile.WriteAsync(server.AdminKey!);
        using var files = new TempDirectory();
        var file = Path.Combine(files.Path, "loop.json");
        await File.WriteAllTextAsync(file, Loop(["python3", Script, "0.5"]).ToJsonString());

        var outcome = await CliOutcome.RunAsync("--server", server.Url.ToString(), "--credentials", credentials.Path, "optimize", file, "-o", "json");

        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        using var document = JsonDocument.Parse(outcome.Stdout);
        Assert.Equal("stopped", document.RootElement.GetProperty("loop").GetProperty("state").GetString());
        Assert.All(document.RootElement.GetProperty("evaluations").EnumerateArray(),
            e => Assert.False(string.IsNullOrEmpty(e.GetProperty("objectiveArtifact").GetString())));
    }

    [Fact]
    public async Task Optimize_Embedded_RunsTheHookBesideTheExperimentFile()
    {
        using var files = new TempDirectory();
        foreach (var name in new[] { "qaoa-maxcut-cvar.qasm", "maxcut_cvar.py" })
        {
            File.Copy(Repository.Example(name), Path.Combine(files.Path, name));
        }

        var file = Path.Combine(files.Path, "loop.yaml");
        await File.WriteAllTextAsync(file, (await File.ReadAllTextAsync(Repository.Example("qaoa-maxcut-cvar.yaml")))
            .Replace("shots: 2000", "shots: 200", StringComparison.Ordinal).Replace("maxIterations: 60", "maxIterations: 3", StringComparison.Ordinal));
        using var home = new TempDirectory();

        var outcome = await CliOutcome.RunAsync("optimize", file, "--home", home.Path, "--output", "json");

        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        using var document = JsonDocument.Parse(outcome.Stdout);
        var evaluations = document.RootElement.GetProperty("evaluations").EnumerateArray().ToList();
        Assert.Equal(3, evaluations.Count);
        Assert.All(evaluations, e => Assert.InRange(e.GetProperty("value").GetDouble(), 0, 10));
    }

    private static JsonObject Loop(string[] command) => new()
    {
        ["version"] = 1,
        ["name"] = "cvar-loop",
        ["kind"] = "optimize",
        ["circuit"] = new JsonObject { ["source"] = File.ReadAllText(Repository.Example("qaoa-maxcut-cvar.qasm")) },
        ["shots"] = 100,
        ["seed"] = 11,
        ["hooks"] = new JsonObject { ["post"] = new JsonObject { ["command"] = new JsonArray([.. command.Select(c => (JsonNode?)c)]) } },
        ["optimize"] = new JsonObject
        {
            ["objective"] = "hooks.post",
            ["maximize"] = true,
            ["method"] = "spsa",
            ["initial"] = new JsonObject { ["g1"] = 0.4, ["b1"] = 0.5, ["g2"] = 0.8, ["b2"] = 0.3 },
            ["maxIterations"] = 3,
        },
    };
}
