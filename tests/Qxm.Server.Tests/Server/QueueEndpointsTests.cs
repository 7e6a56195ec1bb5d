using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Qxm.Server.Tests.Support;

namespace Qxm.Server.Tests.Server;

public sealed class QueueEndpointsTests
{
    [Fact]
    public async Task Queue_ListsRunsInDispatchOrderWithReasonsAndEstimates()
    {
        await using var server = await RunningServer.StartAsync(runWorkers: false);
        var normal = await server.SubmitAcceptedAsync(Experiments.Json(Experiments.BellCircuit), "application/json");
        var high = await server.SubmitAcceptedAsync(
            Experiments.Json(Experiments.BellCircuit, edit: e => e["priority"] = "high"), "application/json");

        using var document = JsonDocument.Parse(await server.Client.GetStringAsync("/api/v1/queue?backend=sim.statevector"));
        var entries = document.RootElement.EnumerateArray().ToList();

        Assert.Equal([high.Id, normal.Id], entries.Select(e => e.GetProperty("runId").GetString()));
        Assert.Equal([1, 2], entries.Select(e => e.GetProperty("position").GetInt32()));
        Assert.Contains("priority high", entries[0].GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.True(entries[1].GetProperty("estimatedStart").GetDateTimeOffset() >= entries[0].GetProperty("estimatedStart").GetDateTimeOffset());
    }

    [Fact]
    public async Task Reservations_CreateOverlapListCancel()
    {
        await using var server = await RunningServer.StartAsync(runWorkers: false);
        var start = DateTimeOffset.UtcNow.AddHours(1);

        using var created = await ReserveAsync(server, "default", start, start.AddHours(1));
        using var overlapping = await ReserveAsync(server, "default", start.AddMinutes(30), start.AddHours(2));
        using var backwards = await ReserveAsync(server, "default", start, start.AddHours(-1));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        var conflict = await Problem.ReadAsync(overlapping, HttpStatusCode.Conflict);
        Assert.Equal("reservation.overlap", conflict.GetProperty("diagnostics")[0].GetProperty("rule").GetString());
        var invalid = await Problem.ReadAsync(backwards, HttpStatusCode.BadRequest);
        Assert.Equal("reservation.window", invalid.GetProperty("diagnostics")[0].GetProperty("rule").GetString());
        var listed = await server.Client.GetFromJsonAsync<JsonElement>("/api/v1/reservations");
        Assert.Equal(id, Assert.Single(listed.EnumerateArray()).GetProperty("id").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await server.Client.DeleteAsync($"/api/v1/reservations/{id}")).StatusCode);
        await Problem.ReadAsync(await server.Client.DeleteAsync($"/api/v1/reservations/{id}"), HttpStatusCode.NotFound);
        Assert.Empty((await server.Client.GetFromJsonAsync<JsonElement>("/api/v1/reservations")).EnumerateArray());
    }

    private static Task<HttpResponseMessage> ReserveAsync(RunningServer server, string tenant, DateTimeOffset start, DateTimeOffset end) =>
        server.Client.PostAsync("/api/v1/reservations", new StringContent(
            JsonSerializer.Serialize(new { backend = "sim.statevector", tenant, start, end }), Encoding.UTF8, "application/json"));
}
