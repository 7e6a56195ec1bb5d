using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Qxm.Server.Tests.Support;

namespace Qxm.Server.Tests.Server;

public sealed class ValidateEndpointsTests
{
    private const string Invalid = "OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit[9] q;\nbit[1] c;\nh q[0];\ncz q[0], q[8];\nc[0] = measure q[0];\n";

    private static async Task<HttpResponseMessage> PostAsync(RunningServer server, string path, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        return await server.Client.PostAsync(path, content);
    }

    [Fact]
    public async Task Validate_InvalidOnDevice_Is400ProblemWithEveryDiagnostic_AndStoresNothing()
    {
        await using var server = await RunningServer.StartAsync(runWorkers: false);

        using var response = await PostAsync(server, "/api/v1/validate", Experiments.Json(Invalid, edit: d => d["backend"] = "fake.square9"));

        var problem = await Problem.ReadAsync(response, HttpStatusCode.BadRequest);
        var diagnostics = problem.GetProperty("diagnostics").EnumerateArray()
            .Select(d => (d.GetProperty("rule").GetString(), d.GetProperty("line").GetInt32())).ToList();
        Assert.Contains(("target.non-native-operation", 5), diagnostics);
        Assert.Contains(("target.uncoupled-qubits", 6), diagnostics);
        Assert.Empty(await server.ListRunsAsync());
    }

    [Fact]
    public async Task Validate_ValidWithWarnings_Is200WithTheWarnings()
    {
        await using var server = await RunningServer.StartAsync(runWorkers: false);

        using var response = await PostAsync(server, "/api/v1/validate", Experiments.Json(Invalid));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("sim.statevector", body.GetProperty("backend").GetString());
        Assert.All(body.GetProperty("diagnostics").EnumerateArray(), d => Assert.Equal("warning", d.GetProperty("severity").GetString()));
    }

    [Fact]
    public async Task Match_ListsEligibleFirst_WithReasonsForTheOthers()
    {
        await using var server = await RunningServer.StartAsync(runWorkers: false);

        using var response = await PostAsync(server, "/api/v1/backends/match", Experiments.Json(Invalid));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var candidates = (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().ToList();
        Assert.Equal("sim.statevector", candidates[0].GetProperty("backend").GetProperty("id").GetString());
        Assert.All(candidates.Skip(1), c => Assert.NotEmpty(c.GetProperty("exclusions").EnumerateArray()));
    }
}
