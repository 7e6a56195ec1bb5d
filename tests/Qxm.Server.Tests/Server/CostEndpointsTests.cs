using System.Net;
using System.Text;
using System.Text.Json;
using Qxm.Domain.Security;
using Qxm.Server.Tests.Support;

namespace Qxm.Server.Tests.Server;

/// <summary><c>GET /api/v1/costs</c> scopes to the caller: a viewer reads its acting tenant's runs and is refused another
/// tenant's, an admin reads any or all; a grouping or time it cannot read is a 400 problem.</summary>
public sealed class CostEndpointsTests
{
    [Fact]
    public async Task Costs_ViewerSeesItsTenant_AdminSeesAll_AndBadQueriesAre400()
    {
        await using var server = await RunningServer.StartAsync(runWorkers: false, tenantsYaml: "tenants:\n  - id: alpha\n  - id: beta\n");
        var alpha = await server.CreateKeyAsync("ada", Role.Submitter, "alpha");
        var beta = await server.CreateKeyAsync("bob", Role.Submitter, "beta");
        using var ada = server.ClientWith(alpha);
        using var bob = server.ClientWith(beta);
        using var admin = server.ClientWith(await server.CreateKeyAsync("root", Role.Admin, "alpha"));
        foreach (var client in new[] { ada, bob, bob })
        {
            using var content = new StringContent(Experiments.Json(Experiments.BellCircuit), Encoding.UTF8, "application/json");
            using var submitted = await client.PostAsync("/api/v1/runs", content);
            Assert.True(submitted.IsSuccessStatusCode, await submitted.Content.ReadAsStringAsync());
        }

        var mine = await GetAsync(ada, "/api/v1/costs?by=tenant");
        var all = await GetAsync(admin, "/api/v1/costs?by=tenant");
        using var other = await ada.GetAsync("/api/v1/costs?tenant=beta");
        using var badGroup = await ada.GetAsync("/api/v1/costs?by=colour");
        using var badSince = await ada.GetAsync("/api/v1/costs?since=yesterday");

        Assert.Equal([("alpha", 1)], mine);
        Assert.Equal([("alpha", 1), ("beta", 2)], all);
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badGroup.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badSince.StatusCode);
    }

    private static async Task<List<(string, int)>> GetAsync(HttpClient client, string path)
    {
        using var document = JsonDocument.Parse(await client.GetStringAsync(path));
        return [.. document.RootElement.EnumerateArray().Select(l => (l.GetProperty("key").GetString()!, l.GetProperty("runs").GetInt32()))];
    }
}
