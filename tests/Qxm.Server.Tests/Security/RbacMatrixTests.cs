using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Qxm.Domain.Experiments;
using Qxm.Domain.Loops;
using Qxm.Domain.Security;
using Qxm.Server.Tests.Support;
using Xunit.Abstractions;

namespace Qxm.Server.Tests.Security;

/// <summary>Every <c>/api/v1</c> operation of the OpenAPI document × every role × the caller's own tenant or another ×
/// authenticated or not, against a real server on loopback, with the expected status derived from the permission the
/// operation declares (<c>x-qxm-permission</c>). Objects of the other tenant are reached only by ids copied from that
/// tenant's own responses, and must never be returned or changed.</summary>
public sealed class RbacMatrixTests(ITestOutputHelper output)
{
    private const string Tenants = """
        tenants:
          - id: alpha
          - id: beta
        """;

    /// <summary>A vendor backend nobody calls here, for the per-tenant credential operations to name.</summary>
    private const string VendorBackend = """
        backends:
          - id: azure.rbac
            vendor: azure
            device: ionq.simulator
            url: http://127.0.0.1:9
            instance: /subscriptions/0/resourceGroups/lab/providers/Microsoft.Quantum/Workspaces/ws
            credentials: { env: QXM_TEST_AZURE_UNSET }
        """;

    private static readonly Role[] Roles = [Role.Viewer, Role.Submitter, Role.Operator, Role.Admin];

    /// <summary>Operations whose success depends on an object's state rather than access: the runs here stay queued
    /// (no workers), so their results are not ready yet.</summary>
    private static readonly Dictionary<string, int> StateDependentSuccess = new(StringComparer.Ordinal) { ["getRunResults"] = 409, ["reproduceRun"] = 409, ["getRunComparison"] = 409 };

    private int _window;

    [Fact]
    public async Task EveryOperation_EveryRole_OwnAndOtherTenant_AuthenticatedOrNot_AnswersAsItsPermissionSays()
    {
        using var files = new TempDirectory();
        var backendsFile = System.IO.Path.Combine(files.Path, "backends.yaml");
        await File.WriteAllTextAsync(backendsFile, VendorBackend);
        await using var server = await RunningServer.StartAsync(runWorkers: false, tenantsYaml: Tenants, devices: SessionDevices,
            configure: o => o with { BackendsFile = backendsFile });
        var operations = await OperationsAsync(server);
        Assert.True(operations.Count >= 18, $"only {operations.Count} operations under /api/v1 in the document");

        var keys = new Dictionary<Role, string>();
        foreach (var role in Roles)
        {
            keys[role] = await server.CreateKeyAsync($"alpha-{role.ToString().ToLowerInvariant()}", role, "alpha");
        }

        using var alphaOwner = server.ClientWith(await server.CreateKeyAsync("alpha-owner", Role.Operator, "alpha"));
        using var beta = server.ClientWith(await server.CreateKeyAsync("beta-admin", Role.Admin, "beta"));
        var betaRun = await SubmitAsync(beta);
        var betaReservation = await ReserveAsync(beta);
        var failures = new List<string>();
        var cases = 0;

        foreach (var operation in operations)
        {
            using (var anonymous = server.ClientWith(null))
            {
                var target = await ObjectAsync(operation, own: true, alphaOwner, beta, server);
                using var response = await SendAsync(anonymous, operation, target, actAs: null);
                await CheckAsync(failures, operation, "anonymous", "own", response, 401);
                cases++;
            }

            foreach (var role in Roles)
            {
                using var client = server.ClientWith(keys[role]);
                foreach (var own in new[] { true, false })
                {
                    // Another tenant is reached through an id copied from its responses (objects), or by naming it (everything else).
                    var target = await ObjectAsync(operation, own, alphaOwner, beta, server);
                    var actAs = !own && target is null && !operation.IsGlobal ? "beta" : null;
                    using var response = await SendAsync(client, operation, target, actAs);
                    await CheckAsync(failures, operation, role.ToString(), own ? "own" : "other", response, Expected(operation, role, own, target is not null));
                    cases++;
                    if (!own && role != Role.Admin)
                    {
                        var body = await response.Content.ReadAsStringAsync();
                        if (body.Contains(betaRun, StringComparison.Ordinal) || body.Contains(betaReservation, StringComparison.Ordinal))
                        {
                            failures.Add($"{operation.Id} as {role}: the response names beta's objects: {body}");
                        }
                    }
                }
            }
        }

        output.WriteLine($"{cases} cases over {operations.Count} operations");
        Assert.True(failures.Count == 0, string.Join("\n", failures));

        // Whatever was tried, beta's objects are as beta left them.
        using var betaRunNow = JsonDocument.Parse(await beta.GetStringAsync($"/api/v1/runs/{betaRun}"));
        Assert.Equal("queued", betaRunNow.RootElement.GetProperty("state").GetString());
        using var betaReservations = JsonDocument.Parse(await beta.GetStringAsync("/api/v1/reservations"));
        Assert.Contains(betaReservations.RootElement.EnumerateArray(), r => r.GetProperty("id").GetString() == betaReservation);
        Assert.True(server.Audit.DeniedCount >= cases / 3, $"only {server.Audit.DeniedCount} refusals counted");
    }

    [Fact]
    public async Task AnotherTenantsId_IsAnsweredExactlyAsAnUnknownId()
    {
        await using var server = await RunningServer.StartAsync(runWorkers: false, tenantsYaml: Tenants);
        using var alpha = server.ClientWith(await server.CreateKeyAsync("alpha-op", Role.Operator, "alpha"));
        using var beta = server.ClientWith(await server.CreateKeyAsync("beta-admin", Role.Admin, "beta"));
        var betaRun = await SubmitAsync(beta);
        var betaReservation = await ReserveAsync(beta);
        var unknownRun = "r-" + Guid.NewGuid().ToString("N");
        const string UnknownReservation = "res-00000000000000000000000000000000";

        foreach (var (method, copied, guessed) in new[]
        {
            (HttpMethod.Get, $"/api/v1/runs/{betaRun}", $"/api/v1/runs/{unknownRun}"),
            (HttpMethod.Get, $"/api/v1/runs/{betaRun}/results", $"/api/v1/runs/{unknownRun}/results"),
            (HttpMethod.Post, $"/api/v1/runs/{betaRun}/cancel", $"/api/v1/runs/{unknownRun}/cancel"),
            (HttpMethod.Get, $"/api/v1/reservations/{betaReservation}/usage", $"/api/v1/reservations/{UnknownReservation}/usage"),
            (HttpMethod.Delete, $"/api/v1/reservations/{betaReservation}", $"/api/v1/reservations/{UnknownReservation}"),
        })
        {
            using var toCopied = await alpha.SendAsync(new HttpRequestMessage(method, copied));
            using var toGuessed = await alpha.SendAsync(new HttpRequestMessage(method, guessed));
            var a = await Problem.ReadAsync(toCopied, HttpStatusCode.NotFound);
            var b = await Problem.ReadAsync(toGuessed, HttpStatusCode.NotFound);
            Assert.Equal(b.GetProperty("type").GetString(), a.GetProperty("type").GetString());
            Assert.Equal(b.GetProperty("title").GetString(), a.GetProperty("title").GetString());
            Assert.Equal(
                b.GetProperty("detail").GetString()!.Replace(guessed.Split('/')[4], "ID", StringComparison.Ordinal),
                a.GetProperty("detail").GetString()!.Replace(copied.Split('/')[4], "ID", StringComparison.Ordinal));
        }

        using var listed = JsonDocument.Parse(await alpha.GetStringAsync("/api/v1/runs?limit=1000"));
        Assert.Equal(0, listed.RootElement.GetArrayLength());
        using var betaRunNow = JsonDocument.Parse(await beta.GetStringAsync($"/api/v1/runs/{betaRun}"));
        Assert.Equal("queued", betaRunNow.RootElement.GetProperty("state").GetString());
    }

    [Fact]
    public async Task Queue_ShowsOtherTenantsPlacesWithoutTheirIds_TenantsShowsOwnOnly()
    {
        await using var server = await RunningServer.StartAsync(runWorkers: false, tenantsYaml: Tenants);
        using var alpha = server.ClientWith(await server.CreateKeyAsync("alpha-viewer", Role.Submitter, "alpha"));
        using var beta = server.ClientWith(await server.CreateKeyAsync("beta-sub", Role.Submitter, "beta"));
        var alphaRun = await SubmitAsync(alpha);
        var betaRun = await SubmitAsync(beta);

        var queueText = await alpha.GetStringAsync("/api/v1/queue");
        using var queue = JsonDocument.Parse(queueText);
        var entries = queue.RootElement.EnumerateArray().ToList();
        Assert.Equal(2, entries.Count);
        Assert.Contains(entries, e => e.GetProperty("runId").GetString() == alphaRun && e.GetProperty("tenant").GetString() == "alpha");
        Assert.Contains(entries, e => e.GetProperty("runId").ValueKind == JsonValueKind.Null && e.GetProperty("tenant").ValueKind == JsonValueKind.Null);
        Assert.DoesNotContain(betaRun, queueText, StringComparison.Ordinal);
        Assert.DoesNotContain("beta", queueText, StringComparison.Ordinal);

        using var tenants = JsonDocument.Parse(await alpha.GetStringAsync("/api/v1/tenants"));
        Assert.Equal(["alpha"], tenants.RootElement.EnumerateArray().Select(t => t.GetProperty("tenant").GetProperty("id").GetString()));
        using var all = JsonDocument.Parse(await server.Client.GetStringAsync("/api/v1/tenants"));
        Assert.Equal(3, all.RootElement.GetArrayLength());
    }

    [Fact]
    public async Task Submitter_CancelsItsOwnRun_NotAnothersOfItsTenant()
    {
        await using var server = await RunningServer.StartAsync(runWorkers: false, tenantsYaml: Tenants);
        using var ada = server.ClientWith(await server.CreateKeyAsync("ada", Role.Submitter, "alpha"));
        using var bob = server.ClientWith(await server.CreateKeyAsync("bob", Role.Submitter, "alpha"));
        var adas = await SubmitAsync(ada);

        using var byBob = await bob.PostAsync($"/api/v1/runs/{adas}/cancel", null);
        using var byAda = await ada.PostAsync($"/api/v1/runs/{adas}/cancel", null);

        await Problem.ReadAsync(byBob, HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.OK, byAda.StatusCode);
    }

    [Fact]
    public async Task Reservation_NamingAnotherTenantInTheBody_IsRefused()
    {
        await using var server = await RunningServer.StartAsync(runWorkers: false, tenantsYaml: Tenants);
        using var alpha = server.ClientWith(await server.CreateKeyAsync("alpha-op", Role.Operator, "alpha"));
        var start = DateTimeOffset.UtcNow.AddDays(1);

        using var response = await alpha.PostAsync("/api/v1/reservations", Json(new JsonObject
        {
            ["backend"] = "sim.statevector", ["tenant"] = "beta", ["start"] = start, ["end"] = start.AddHours(1),
        }));

        await Problem.ReadAsync(response, HttpStatusCode.Forbidden);
        using var betaList = await server.Client.SendAsync(WithTenant(HttpMethod.Get, "/api/v1/reservations", "beta"));
        using var listed = JsonDocument.Parse(await betaList.Content.ReadAsStringAsync());
        Assert.Equal(0, listed.RootElement.GetArrayLength());
    }

    private static int Expected(Operation operation, Role role, bool own, bool isObject)
    {
        if (!RolePermissions.Grants(role, operation.Permission))
        {
            return 403;
        }

        if (!own && !operation.IsGlobal)
        {
            // Another tenant's object is not found; naming another tenant is refused unless the caller may act in any.
            return isObject ? 404 : RolePermissions.Grants(role, Permission.ManageTenants) ? operation.Success : 403;
        }

        // The run acted on was submitted by another principal of the tenant: a submitter may not cancel it.
        if (operation.Id == "cancelRun" && !RolePermissions.Grants(role, Permission.CancelAnyRun))
        {
            return 403;
        }

        return operation.Success;
    }

    private static async Task CheckAsync(List<string> failures, Operation operation, string who, string scope, HttpResponseMessage response, int expected)
    {
        var status = (int)response.StatusCode;
        if (status != expected)
        {
            failures.Add($"{operation.Method} {operation.Path} ({operation.Id}) as {who}, {scope} tenant: expected {expected}, got {status}: "
                + await response.Content.ReadAsStringAsync());
        }
    }

    /// <summary>A fresh object for the operation to act on: the own tenant's made by another alpha principal, the other
    /// tenant's id copied from beta's own response. Null for an operation on no object.</summary>
    private async Task<string?> ObjectAsync(Operation operation, bool own, HttpClient alphaOwner, HttpClient beta, RunningServer server)
    {
        if (!operation.Path.Contains("{id}", StringComparison.Ordinal))
        {
            return null;
        }

        var maker = own ? alphaOwner : beta;
        if (operation.Path.StartsWith("/api/v1/runs/", StringComparison.Ordinal))
        {
            return await SubmitAsync(maker);
        }

        if (operation.Path.StartsWith("/api/v1/reservations/", StringComparison.Ordinal))
        {
            return await ReserveAsync(maker);
        }

        if (operation.Path.StartsWith("/api/v1/backends/", StringComparison.Ordinal))
        {
            // Backends belong to no tenant: every caller names the same one.
            return "fake.square9";
        }

        if (operation.Path.StartsWith("/api/v1/sessions/", StringComparison.Ordinal))
        {
            using var response = await maker.PostAsync("/api/v1/sessions", Json(new JsonObject { ["backend"] = NextSessionBackend() }));
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.Created, text);
            using var document = JsonDocument.Parse(text);
            return document.RootElement.GetProperty("session").GetProperty("id").GetString()!;
        }

        if (operation.Path.StartsWith("/api/v1/loops/", StringComparison.Ordinal))
        {
            var now = DateTimeOffset.UtcNow;
            var loop = new LoopRecord($"loop-rbac{_window++}", own ? "alpha" : "beta", new ExperimentDefinition
            {
                Name = "loop",
                CircuitSource = "OPENQASM 3.0;",
                CircuitOrigin = "<inline>",
                Shots = 1,
                Optimize = new OptimizeSettings("e", [new("t", 0)]),
            }, LoopState.Running, now, now);
            await server.Runtime.Loops.CreateLoopAsync(loop, default);
            return loop.Id;
        }

        if (operation.Path.StartsWith("/api/v1/keys/", StringComparison.Ordinal))
        {
            var key = await server.CreateKeyAsync($"subject-{_window++}", Role.Viewer, own ? "alpha" : "beta");
            return key.Split('_')[1];
        }

        if (operation.Path.StartsWith("/api/v1/webhooks/", StringComparison.Ordinal))
        {
            using var response = await maker.PostAsync("/api/v1/webhooks", Json(new JsonObject { ["url"] = "http://127.0.0.1:9/hook" }));
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.Created, text);
            using var document = JsonDocument.Parse(text);
            return document.RootElement.GetProperty("id").GetString()!;
        }

        throw new InvalidOperationException($"no object maker for {operation.Path}: teach this test the new resource");
    }

    private async Task<HttpResponseMessage> SendAsync(HttpClient client, Operation operation, string? id, string? actAs)
    {
        var path = (id is null ? operation.Path : operation.Path.Replace("{id}", id, StringComparison.Ordinal))
            .Replace("{tenant}", actAs ?? "alpha", StringComparison.Ordinal).Replace("{backend}", "azure.rbac", StringComparison.Ordinal);
        var request = new HttpRequestMessage(new HttpMethod(operation.Method), path) { Content = Body(operation) };
        if (actAs is not null)
        {
            request.Headers.Add("X-Qxm-Tenant", actAs);
        }

        return await client.SendAsync(request);
    }

    private StringContent? Body(Operation operation)
    {
        switch (operation.Id)
        {
            case "submitRun" or "validateExperiment" or "estimateExperiment" or "matchBackends":
                return new StringContent(Experiments.Json(Experiments.BellCircuit), Encoding.UTF8, "application/json");
            case "createReservation":
                var start = DateTimeOffset.UtcNow.AddDays(2).AddHours(2 * ++_window);
                return Json(new JsonObject { ["backend"] = "sim.statevector", ["start"] = start, ["end"] = start.AddHours(1) });
            case "openSession":
                return Json(new JsonObject { ["backend"] = NextSessionBackend() });
            case "startLoop":
                // One evaluation: a loop the server drives to its end at once.
                return new StringContent(Experiments.Json("OPENQASM 3.0; input float[64] t; qubit[1] q; rx(t) q[0];", shots: 10, name: "rbac-loop", edit: d =>
                {
                    d["kind"] = "optimize";
                    d["observables"] = new JsonObject { ["z"] = "Z0" };
                    d["optimize"] = new JsonObject { ["objective"] = "z", ["initial"] = new JsonObject { ["t"] = 0 }, ["maxIterations"] = 1 };
                }), Encoding.UTF8, "application/json");
            case "createWebhook":
                return Json(new JsonObject { ["url"] = "http://127.0.0.1:9/hook" });
            case "receiveAlerts":
                return Json(new JsonObject { ["alerts"] = new JsonArray() });
            case "setCredential":
                return Json(new JsonObject { ["env"] = "QXM_TENANT_RBAC" });
            case "createKey":
                return Json(new JsonObject { ["principal"] = $"made-{++_window}", ["role"] = "viewer", ["tenants"] = new JsonArray("alpha") });
            default:
                return null;
        }
    }

    /// <summary>Sessions hold a backend exclusively: every session this test opens gets a backend of its own.</summary>
    private static readonly Dictionary<string, string> SessionDevices = Enumerable.Range(0, 64).ToDictionary(
        i => $"rbac{i}.json",
        i => $$"""
            { "name": "rbac{{i}}", "qubits": 2, "maxShots": 1000, "maxCircuits": 10, "operations": [ { "name": "x" }, { "name": "cx" } ],
              "coupling": { "edges": [ [0, 1] ] }, "calibration": { "takenAt": "2026-12-01T00:00:00Z", "t1Us": 100, "t2Us": 80, "readoutError": 0.01 } }
            """);

    private int _sessionBackend;

    private string NextSessionBackend() => $"fake.rbac{_sessionBackend++}";

    private async Task<string> ReserveAsync(HttpClient client)
    {
        var start = DateTimeOffset.UtcNow.AddDays(2).AddHours(2 * ++_window);
        using var response = await client.PostAsync("/api/v1/reservations",
            Json(new JsonObject { ["backend"] = "sim.statevector", ["start"] = start, ["end"] = start.AddHours(1) }));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        using var document = JsonDocument.Parse(text);
        return document.RootElement.GetProperty("id").GetString()!;
    }

    private static async Task<string> SubmitAsync(HttpClient client)
    {
        using var response = await client.PostAsync("/api/v1/runs", new StringContent(Experiments.Json(Experiments.BellCircuit), Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, text);
        using var document = JsonDocument.Parse(text);
        return document.RootElement.GetProperty("id").GetString()!;
    }

    private static StringContent Json(JsonObject body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");

    private static HttpRequestMessage WithTenant(HttpMethod method, string path, string tenant)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("X-Qxm-Tenant", tenant);
        return request;
    }

    private static async Task<List<Operation>> OperationsAsync(RunningServer server)
    {
        using var anonymous = server.ClientWith(null);
        var document = JsonNode.Parse(await anonymous.GetStringAsync("/openapi/v1.json"))!;
        var operations = new List<Operation>();
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            if (!path.StartsWith("/api/v1/", StringComparison.Ordinal))
            {
                continue;
            }

            foreach (var (method, node) in item!.AsObject())
            {
                var id = node!["operationId"]!.GetValue<string>();
                var declared = node["x-qxm-permission"]?.GetValue<string>()
                    ?? throw new InvalidOperationException($"{method} {path} declares no permission");
                var permission = Enum.Parse<Permission>(declared, ignoreCase: true);
                var success = StateDependentSuccess.TryGetValue(id, out var state)
                    ? state
                    : node["responses"]!.AsObject().Select(r => int.Parse(r.Key, System.Globalization.CultureInfo.InvariantCulture)).First(s => s is >= 200 and < 300);
                operations.Add(new Operation(id, method.ToUpperInvariant(), path, permission, success, IsGlobal: path.StartsWith("/api/v1/keys", StringComparison.Ordinal) || path.StartsWith("/api/v1/credentials", StringComparison.Ordinal) || path.StartsWith("/api/v1/backends/{id}", StringComparison.Ordinal)));
            }
        }

        return operations;
    }

    /// <param name="IsGlobal">Acts on no tenant's objects (API keys, a backend): the object is the same whoever names it.</param>
    private sealed record Operation(string Id, string Method, string Path, Permission Permission, int Success, bool IsGlobal);
}
