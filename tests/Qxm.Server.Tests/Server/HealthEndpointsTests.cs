using System.Net;
using System.Net.Http.Json;
using Qxm.Domain.Backends;
using Qxm.Server.Json;
using Qxm.Server.Tests.Support;

namespace Qxm.Server.Tests.Server;

public sealed class HealthEndpointsTests
{
    [Fact]
    public async Task Probes_OnAFreshHome_AreOk()
    {
        await using var server = await RunningServer.StartAsync(runWorkers: false);

        using var health = await server.Client.GetAsync("/healthz");
        using var ready = await server.Client.GetAsync("/readyz");

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.True(File.Exists(Path.Combine(server.Home, "qxm.db")));
        Assert.True(Directory.Exists(Path.Combine(server.Home, "artifacts")));
    }

    [Fact]
    public async Task Backends_ListsTheStateVectorSimulator()
    {
        await using var server = await RunningServer.StartAsync(runWorkers: false);

        var backends = await server.Client.GetFromJsonAsync<List<BackendInfo>>("/api/v1/backends", ApiJson.Options);

        var simulator = Assert.Single(backends!, b => b.Id == "sim.statevector");
        Assert.Equal(BackendStatus.Online, simulator.Status);
        Assert.True(simulator.Target.Qubits >= 20);
    }
}
