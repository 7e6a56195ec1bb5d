using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Qxm.Domain.Security;
using Qxm.Server.Tests.Support;

namespace Qxm.Server.Tests.Vendors;

/// <summary><c>/api/v1/credentials</c> over real HTTP: admins set, list and remove a tenant's credential reference, audited
/// without a secret; anyone else gets a 403 problem; a bad reference is a 400 problem naming the rule.</summary>
public sealed class TenantCredentialEndpointsTests
{
    private const string Backends = """
        backends:
          - id: azure.ionq
            vendor: azure
            device: ionq.simulator
            url: http://127.0.0.1:9
            instance: /subscriptions/0/resourceGroups/lab/providers/Microsoft.Quantum/Workspaces/ws
            credentials: { env: QXM_TEST_AZURE_UNSET }
        """;

    [Fact]
    public async Task Admin_SetsListsAndRemoves_AuditedWithoutSecrets_OthersAre403()
    {
        using var files = new TempDirectory();
        var backendsFile = Path.Combine(files.Path, "backends.yaml");
        await File.WriteAllTextAsync(backendsFile, Backends);
        await using var server = await RunningServer.StartAsync(runWorkers: false, tenantsYaml: "tenants:\n  - id: lab-a\n",
            configure: o => o with { BackendsFile = backendsFile });
        using var submitter = server.ClientWith(await server.CreateKeyAsync("sam", Role.Operator, "lab-a"));

        using var set = await server.Client.PutAsJsonAsync("/api/v1/credentials/lab-a/azure.ionq", new { env = "QXM_TENANT_LAB_A_AZURE" });
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        using var refused = await submitter.PutAsJsonAsync("/api/v1/credentials/lab-a/azure.ionq", new { env = "QXM_TENANT_LAB_A_AZURE" });
        using var listedByOther = await submitter.GetAsync("/api/v1/credentials");
        using var bad = await server.Client.PutAsJsonAsync("/api/v1/credentials/lab-a/azure.ionq", new { env = "QXM_AUDIT_KEY" });
        var list = await server.Client.GetFromJsonAsync<JsonElement>("/api/v1/credentials?tenant=lab-a");
        using var removed = await server.Client.DeleteAsync("/api/v1/credentials/lab-a/azure.ionq");
        using var again = await server.Client.DeleteAsync("/api/v1/credentials/lab-a/azure.ionq");

        Assert.Equal("urn:qxm:problem:forbidden", (await Problem.ReadAsync(refused, HttpStatusCode.Forbidden)).GetProperty("type").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, listedByOther.StatusCode);
        var problem = await Problem.ReadAsync(bad, HttpStatusCode.BadRequest);
        Assert.Equal("urn:qxm:problem:invalid-credential", problem.GetProperty("type").GetString());
        Assert.Equal("credentials.env", problem.GetProperty("diagnostics")[0].GetProperty("rule").GetString());
        var only = Assert.Single(list.EnumerateArray());
        Assert.Equal(("lab-a", "azure.ionq", "env", "QXM_TENANT_LAB_A_AZURE"),
            (only.GetProperty("tenant").GetString(), only.GetProperty("backend").GetString(), only.GetProperty("source").GetString(), only.GetProperty("reference").GetString()));
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);
        var audit = await server.Client.GetStringAsync("/api/v1/audit?limit=500");
        Assert.Contains("credentials.set", audit, StringComparison.Ordinal);
        Assert.Contains("credentials.removed", audit, StringComparison.Ordinal);
    }
}
