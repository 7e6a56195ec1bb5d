using System.Net;
using System.Net.Http.Json;
using Qxm.Domain.Runs;
using Qxm.Engine.Persistence;
using Qxm.Server.Json;
using Qxm.Server.Tests.Support;

namespace Qxm.Server.Tests.Server;

public sealed class RunSearchEndpointsTests
{
    [Fact]
    public async Task List_ByName_PagesThroughEveryRunByTheLinkHeader()
    {
        await using var server = await RunningServer.StartAsync(runWorkers: false);
        var ids = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            ids.Add((await server.SubmitAcceptedAsync(Experiments.Json(Experiments.BellCircuit, name: i % 2 == 0 ? "even" : "odd"), "application/json")).Id);
        }

        var seen = new List<Run>();
        var next = "/api/v1/runs?name=even&limit=2";
        for (var page = 0; page < 10 && next is not null; page++)
        {
            using var response = await server.Client.GetAsync(next);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            seen.AddRange((await response.Content.ReadFromJsonAsync<List<Run>>(ApiJson.Options))!);
            next = response.Headers.TryGetValues("Link", out var links)
                ? new Uri(server.Url, links.Single().Split('>')[0].TrimStart('<')).PathAndQuery
                : null;
        }

        Assert.Equal(ids.Where((_, i) => i % 2 == 0).Reverse(), seen.Select(r => r.Id));
        var oldest = await server.Client.GetFromJsonAsync<List<Run>>("/api/v1/runs?name=odd&order=oldest", ApiJson.Options);
        Assert.Equal(ids.Where((_, i) => i % 2 == 1), oldest!.Select(r => r.Id));
        var versions = await server.Client.GetFromJsonAsync<List<ExperimentVersion>>("/api/v1/experiments?name=even", ApiJson.Options);
        Assert.Equal(seen[0].Fingerprint, Assert.Single(versions!).Fingerprint);
    }

    [Theory]
    [InlineData("cursor=forged")]
    [InlineData("since=yesterday")]
    [InlineData("order=sideways")]
    public async Task List_BadSearch_Is400Problem(string query)
    {
        await using var server = await RunningServer.StartAsync(runWorkers: false);

        using var response = await server.Client.GetAsync($"/api/v1/runs?{query}");

        await Problem.ReadAsync(response, HttpStatusCode.BadRequest);
    }
}
