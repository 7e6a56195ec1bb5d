using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Qxm.Domain.Security;
using Qxm.Server.Tests.Support;

namespace Qxm.Server.Tests.Cli.Commands;

public sealed class SessionCommandTests
{
    [Fact]
    public async Task Session_OpenStatusClose_Embedded()
    {
        using var home = new TempDirectory();

        var opened = await CliOutcome.RunAsync("session", "open", "--backend", "sim.statevector", "--max", "10m", "--idle", "90s", "--home", home.Path, "--output", "json");
        Assert.True(opened.ExitCode == 0, opened.ToString());
        using var document = JsonDocument.Parse(opened.Stdout);
        var id = document.RootElement.GetProperty("session").GetProperty("id").GetString()!;
        Assert.True(document.RootElement.GetProperty("active").GetBoolean());

        var again = await CliOutcome.RunAsync("session", "open", "--backend", "sim.statevector", "--home", home.Path);
        Assert.Equal(2, again.ExitCode);
        Assert.Contains($"held by session {id}", again.Stderr, StringComparison.Ordinal);

        var status = await CliOutcome.RunAsync("session", "status", id, "--home", home.Path);
        Assert.Contains("holds sim.statevector until", status.Stdout, StringComparison.Ordinal);
        var closed = await CliOutcome.RunAsync("session", "close", id, "--home", home.Path);
        Assert.True(closed.ExitCode == 0, closed.ToString());
        Assert.Contains("(closed)", closed.Stdout, StringComparison.Ordinal);
        Assert.Equal(3, (await CliOutcome.RunAsync("session", "close", "s-none", "--home", home.Path)).ExitCode);
        Assert.Equal(2, (await CliOutcome.RunAsync("session", "open", "--backend", "sim.statevector", "--max", "soon", "--home", home.Path)).ExitCode);
    }

    [Fact]
    public async Task Sessions_OverHttp_AreExclusiveScopedAndValidated()
    {
        await using var server = await RunningServer.StartAsync(runWorkers: false, tenantsYaml: "tenants:\n  - id: alpha\n  - id: beta\n");
        using var alpha = server.ClientWith(await server.CreateKeyAsync("alpha-user", Role.Submitter, "alpha"));
        using var beta = server.ClientWith(await server.CreateKeyAsync("beta-user", Role.Submitter, "beta"));

        using var created = await alpha.PostAsJsonAsync("/api/v1/sessions", new { backend = "sim.statevector", maxSeconds = 600, idleSeconds = 60 });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var session = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        var id = session.RootElement.GetProperty("session").GetProperty("id").GetString()!;

        using var held = await beta.PostAsJsonAsync("/api/v1/sessions", new { backend = "sim.statevector" });
        await Problem.ReadAsync(held, HttpStatusCode.Conflict);
        using var invalid = await beta.PostAsJsonAsync("/api/v1/sessions", new { backend = "sim.noisy", maxSeconds = 60, idleSeconds = 120 });
        await Problem.ReadAsync(invalid, HttpStatusCode.BadRequest);
        using var unknown = await beta.PostAsJsonAsync("/api/v1/sessions", new { backend = "nowhere" });
        await Problem.ReadAsync(unknown, HttpStatusCode.BadRequest);
        using var hidden = await beta.GetAsync($"/api/v1/sessions/{id}");
        await Problem.ReadAsync(hidden, HttpStatusCode.NotFound);

        using var closed = await alpha.DeleteAsync($"/api/v1/sessions/{id}");
        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        using var view = JsonDocument.Parse(await closed.Content.ReadAsStringAsync());
        Assert.Equal("closed", view.RootElement.GetProperty("endReason").GetString());
        using var now = await beta.PostAsJsonAsync("/api/v1/sessions", new { backend = "sim.statevector" });
        Assert.Equal(HttpStatusCode.Created, now.StatusCode);

        // Opening and closing are in the audit chain, with the tenant; a refused open is not an opening.
        using var audit = JsonDocument.Parse(await server.Client.GetStringAsync("/api/v1/audit?limit=10000"));
        var sessions = audit.RootElement.EnumerateArray().Select(e => e.GetProperty("entry")).Where(e => e.GetProperty("objectType").GetString() == "session")
            .Select(e => (Action: e.GetProperty("action").GetString(), Id: e.GetProperty("objectId").GetString(), Tenant: e.GetProperty("tenant").GetString()))
            .ToList();
        Assert.Equal(3, sessions.Count);
        Assert.Equal([("session.opened", id, "alpha"), ("session.closed", id, "alpha")], sessions.Take(2));
        Assert.Equal(("session.opened", "beta"), (sessions[2].Action, sessions[2].Tenant));
        using var verified = JsonDocument.Parse(await server.Client.GetStringAsync("/api/v1/audit/verify"));
        Assert.True(verified.RootElement.GetProperty("intact").GetBoolean());
    }
}
