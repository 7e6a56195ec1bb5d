using System.Net;
using System.Text.Json;
using Qxm.Domain.Audit;
using Qxm.Engine.Audit;
using Qxm.Server.Json;
using Qxm.Server.Tests.Support;

namespace Qxm.Server.Tests.Cli.Commands;

public sealed class AuditCommandTests
{
    [Fact]
    public async Task List_Embedded_ShowsRunTransitionsAndReservations_FilteredByRunAndAction()
    {
        using var home = new TempDirectory();
        var submitted = await CliOutcome.RunAsync("submit", Repository.Example("bell.yaml"), "--home", home.Path);
        Assert.True(submitted.ExitCode == 0, submitted.ToString());
        var runId = submitted.Stdout.Trim();
        var start = DateTimeOffset.UtcNow.AddDays(1);
        var reserved = await CliOutcome.RunAsync("reservations", "create", "--backend", "sim.statevector", "--home", home.Path,
            "--start", start.ToString("O"), "--end", start.AddHours(1).ToString("O"));
        Assert.True(reserved.ExitCode == 0, reserved.ToString());
        var cancelled = await CliOutcome.RunAsync("reservations", "cancel", reserved.Stdout.Trim(), "--home", home.Path);
        Assert.True(cancelled.ExitCode == 0, cancelled.ToString());

        var all = await ListAsync("--home", home.Path);
        Assert.Equal(["run.validated", "run.queued", "reservation.created", "reservation.cancelled"], all.Select(e => e.Entry.Action));
        Assert.All(all, e => Assert.Equal(("cli", "default"), (e.Entry.Actor, e.Entry.Tenant)));
        Assert.Equal([runId, runId], (await ListAsync("--home", home.Path, "--run", runId)).Select(e => e.Entry.ObjectId));
        Assert.Equal(["reservation.cancelled"], (await ListAsync("--home", home.Path, "--action", "reservation.cancelled")).Select(e => e.Entry.Action));

        var text = await CliOutcome.RunAsync("audit", "list", "--home", home.Path, "--run", runId);
        Assert.Equal(2, text.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains($"\tcli\tdefault\trun.queued\trun/{runId}\tSucceeded\tValidated -> Queued", text.Stdout, StringComparison.Ordinal);

        var verified = await CliOutcome.RunAsync("audit", "verify", "--home", home.Path);
        Assert.True(verified.ExitCode == 0, verified.ToString());
        Assert.StartsWith("audit chain intact: 4 events, head 4", verified.Stdout, StringComparison.Ordinal);
        Assert.Contains("checkpointed to 4", verified.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TenantsFile_EachChangeIsOnTheChainOnce_WhenAProcessLoadsIt()
    {
        using var home = new TempDirectory();
        var file = Path.Combine(home.Path, "tenants.yaml");
        await File.WriteAllTextAsync(file, "tenants:\n  - id: physics\n    weight: 2\n  - id: chem\n");
        await CliOutcome.RunAsync("audit", "list", "--home", home.Path);
        await CliOutcome.RunAsync("audit", "list", "--home", home.Path);
        await File.WriteAllTextAsync(file, "tenants:\n  - id: physics\n    weight: 3\n");

        var events = await ListAsync("--home", home.Path, "--limit", "100");

        Assert.Equal(
            [("tenant.changed", "chem"), ("tenant.changed", "default"), ("tenant.changed", "physics"), ("tenant.changed", "physics"), ("tenant.removed", "chem")],
            events.Select(e => (e.Entry.Action, e.Entry.ObjectId)));
        Assert.All(events, e => Assert.Equal(TenantChanges.Actor, e.Entry.Actor));
        Assert.Contains("\"Weight\":3", events[3].Entry.Detail, StringComparison.Ordinal);
        var verified = await CliOutcome.RunAsync("audit", "verify", "--home", home.Path);
        Assert.True(verified.ExitCode == 0, verified.ToString());
    }

    [Theory]
    [InlineData("--since", "yesterday")]
    [InlineData("--limit", "0")]
    public async Task List_BadFilter_ExitsTwo(string option, string value)
    {
        using var home = new TempDirectory();

        var outcome = await CliOutcome.RunAsync("audit", "list", "--home", home.Path, option, value);

        Assert.True(outcome.ExitCode == 2, outcome.ToString());
        Assert.Single(outcome.StderrLines);
    }

    [Fact]
    public async Task ListAndVerify_ThroughServer_SeeTheServersChain()
    {
        await using var server = await RunningServer.StartAsync(runWorkers: false);
        // The test's admin key was created at start; its key.created event is appended by the access trail's writer.
        await Eventually.WaitForAsync(() => Task.FromResult(server.Runtime.Access.Appended), n => n >= 1, "the admin key's event");
        var run = await server.SubmitAcceptedAsync(Experiments.Json(Experiments.BellCircuit), "application/json");
        var start = DateTimeOffset.UtcNow.AddDays(1);
        using (var reserve = await server.Client.PostAsync("/api/v1/reservations", new StringContent(
            $$"""{"backend":"sim.statevector","tenant":"default","start":"{{start:O}}","end":"{{start.AddHours(1):O}}"}""",
            System.Text.Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.Created, reserve.StatusCode);
        }

        using var credentials = await CredentialsFile.WriteAsync(server.AdminKey!);
        var events = await ListAsync("--server", server.Url.ToString(), "--credentials", credentials.Path, "--actor", "test-admin");
        Assert.Equal([(run.Id, "run.validated"), (run.Id, "run.queued"), (events[2].Entry.ObjectId, "reservation.created")],
            events.Select(e => (e.Entry.ObjectId, e.Entry.Action)));

        var verified = await CliOutcome.RunAsync("audit", "verify", "--server", server.Url.ToString(), "--credentials", credentials.Path, "--output", "json");
        Assert.True(verified.ExitCode == 0, verified.ToString());
        var verification = JsonSerializer.Deserialize<AuditVerification>(verified.Stdout, ApiJson.Options)!;
        Assert.Equal((true, 4L), (verification.Intact, verification.Head));

        using var bad = await server.Client.GetAsync("/api/v1/audit?since=yesterday");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("since", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_EmbeddedOptionsWithServer_ExitsTwo()
    {
        var outcome = await CliOutcome.RunAsync("audit", "verify", "--server", "http://127.0.0.1:1", "--audit-key", "k");

        Assert.True(outcome.ExitCode == 2, outcome.ToString());
    }

    private static async Task<List<AuditEvent>> ListAsync(params string[] args)
    {
        var outcome = await CliOutcome.RunAsync(["audit", "list", "--output", "json", .. args]);
        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        return JsonSerializer.Deserialize<List<AuditEvent>>(outcome.Stdout, ApiJson.Options)!;
    }
}
