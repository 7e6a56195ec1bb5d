using System.Net;
using System.Text;
using Qxm.Server.Tests.Support;

namespace Qxm.Server.Tests.Server;

public sealed class TenancyEndpointsTests
{
    private const string Tenants = """
        tenants:
          - id: small
            maxQueuedRuns: 2
          - id: metered
            shotsPerDay: 1500
        """;

    [Fact]
    public async Task Submit_OverQueueLimit_Is429WithRetryAfterAndStoresNothing()
    {
        await using var server = await RunningServer.StartAsync(runWorkers: false, tenantsYaml: Tenants);
        await SubmitAsync(server, "small", HttpStatusCode.Accepted);
        await SubmitAsync(server, "small", HttpStatusCode.Accepted);
        var before = await server.ListRunsAsync("small");

        using var refused = await SubmitAsync(server, "small", HttpStatusCode.TooManyRequests);

        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After header with a delay");
        var problem = await Problem.ReadAsync(refused, HttpStatusCode.TooManyRequests);
        Assert.Equal("urn:qxm:problem:backpressure", problem.GetProperty("type").GetString());
        Assert.Equal("quota.queue-full", problem.GetProperty("diagnostics")[0].GetProperty("rule").GetString());
        Assert.Equal(before.Select(r => r.Id), (await server.ListRunsAsync("small")).Select(r => r.Id));
        Assert.Equal(2, before.Count);
        await SubmitAsync(server, "default", HttpStatusCode.Accepted);
    }

    [Fact]
    public async Task Submit_OverShotsPerDay_Is429UntilTomorrow()
    {
        await using var server = await RunningServer.StartAsync(runWorkers: false, tenantsYaml: Tenants);
        await SubmitAsync(server, "metered", HttpStatusCode.Accepted);

        using var refused = await SubmitAsync(server, "metered", HttpStatusCode.TooManyRequests);

        Assert.InRange(refused.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1));
        Assert.Single(await server.ListRunsAsync("metered"));
    }

    [Fact]
    public async Task Submit_UnknownTenant_Is400()
    {
        await using var server = await RunningServer.StartAsync(runWorkers: false, tenantsYaml: Tenants);

        using var response = await SubmitAsync(server, "nobody", HttpStatusCode.BadRequest);

        var problem = await Problem.ReadAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("tenant.unknown", problem.GetProperty("diagnostics")[0].GetProperty("rule").GetString());
    }

    [Fact]
    public async Task Submit_SameIdempotencyKey_ReturnsTheSameRun()
    {
        await using var server = await RunningServer.StartAsync(runWorkers: false);

        using var first = await SubmitAsync(server, "default", HttpStatusCode.Accepted, key: "req-1");
        using var second = await SubmitAsync(server, "default", HttpStatusCode.Accepted, key: "req-1");

        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.Single(await server.ListRunsAsync());
    }

    private static async Task<HttpResponseMessage> SubmitAsync(RunningServer server, string tenant, HttpStatusCode expected, string? key = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/runs")
        {
            Content = new StringContent(Experiments.Json(Experiments.BellCircuit), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Qxm-Tenant", tenant);
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        var response = await server.Client.SendAsync(request);
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return response;
    }

    [Fact]
    public async Task Tenants_ListsLimitsQueuedRunsAndUsage()
    {
        await using var server = await RunningServer.StartAsync(runWorkers: false, tenantsYaml: Tenants);
        await SubmitAsync(server, "small", HttpStatusCode.Accepted);

        using var document = System.Text.Json.JsonDocument.Parse(await server.Client.GetStringAsync("/api/v1/tenants"));
        var tenants = document.RootElement.EnumerateArray().ToDictionary(t => t.GetProperty("tenant").GetProperty("id").GetString()!);

        Assert.Equal(["default", "metered", "small"], tenants.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(1, tenants["small"].GetProperty("queuedRuns").GetInt32());
        Assert.Equal(2, tenants["small"].GetProperty("tenant").GetProperty("maxQueuedRuns").GetInt32());
        Assert.Equal(0, tenants["metered"].GetProperty("queuedRuns").GetInt32());
    }

    [Fact]
    public async Task Runs_AreScopedToTheRequestsTenant()
    {
        await using var server = await RunningServer.StartAsync(runWorkers: false, tenantsYaml: Tenants);
        using var submitted = await SubmitAsync(server, "small", HttpStatusCode.Accepted);
        var location = submitted.Headers.Location!.ToString();

        using var asDefault = await server.Client.GetAsync(location);
        using var asSmall = new HttpRequestMessage(HttpMethod.Get, location);
        asSmall.Headers.Add("X-Qxm-Tenant", "small");
        using var found = await server.Client.SendAsync(asSmall);
        using var listSmall = new HttpRequestMessage(HttpMethod.Get, "/api/v1/runs");
        listSmall.Headers.Add("X-Qxm-Tenant", "small");
        using var listed = await server.Client.SendAsync(listSmall);

        await Problem.ReadAsync(asDefault, HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.OK, found.StatusCode);
        Assert.Empty(await server.ListRunsAsync());
        using var document = System.Text.Json.JsonDocument.Parse(await listed.Content.ReadAsStringAsync());
        Assert.Equal(1, document.RootElement.GetArrayLength());
    }
}
