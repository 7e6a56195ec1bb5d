using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Qxm.Engine.Tests.Vendors.Azure;
using Qxm.Server.Tests.Support;
using Xunit.Abstractions;

namespace Qxm.Server.Tests.Vendors;

/// <summary><c>qxm serve --backends FILE</c> with Azure Quantum targets pointed at the fake workspace on loopback: an IonQ
/// target signed in with the workspace's API key and a Quantinuum target with an Entra ID application. The experiment
/// file's Bell pair and 5-qubit GHZ come back in qxm's counts layout on both; a tenant given its own key by an admin has
/// its runs made with it; no secret (the workspace key, the tenant's key, the client secret) is in a log line, an answer
/// or a stored file; and serve SIGKILLed between Azure making a job and qxm recording it never makes a second job.</summary>
public sealed class AzureServeTests(ITestOutputHelper output)
{
    private const string Bell = "OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit[2] q;\nbit[2] c;\nh q[0];\ncx q[0], q[1];\nc = measure q;\n";
    private const string Ghz5 = "OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit[5] q;\nbit[5] c;\nh q[0];\ncx q[0], q[1];\ncx q[1], q[2];\ncx q[2], q[3];\ncx q[3], q[4];\nc = measure q;\n";

    [Fact]
    public async Task Serve_RunsBellAndGhz5OnIonQAndQuantinuum_ATenantsOwnKey_AndNoSecretAnywhere()
    {
        await using var azure = await FakeAzureServer.StartAsync(TimeProvider.System);
        azure.QueueDelay = TimeSpan.FromSeconds(1);
        azure.ApiKey = "canary-workspace-" + Guid.NewGuid().ToString("N");
        azure.Clients["qxm-app"] = "canary-client-" + Guid.NewGuid().ToString("N");
        var tenantKey = "canary-tenant-" + Guid.NewGuid().ToString("N");
        var tenantVariable = "QXM_TENANT_LAB_A_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        Environment.SetEnvironmentVariable(tenantVariable, tenantKey);
        azure.ApiKeys["lab-a"] = tenantKey;
        using var home = new TempDirectory();
        await File.WriteAllTextAsync(Path.Combine(home.Path, "tenants.yaml"), "tenants:\n  - id: lab-a\n");
        var file = WriteBackendsFile(home.Path, azure);
        var key = await ServeProcess.CreateAdminKeyAsync(home.Path);
        var answers = new StringBuilder();
        string logs;
        using (var serve = await ServeProcess.StartLoggingAsync(home.Path, "Information", "--backends", file))
        {
            using var client = serve.ClientWith(key);
            var bell = await VendorServe.RunAsync(client, "azure.ionq", Bell, "bell", answers);
            var ghz = await VendorServe.RunAsync(client, "azure.h2", Ghz5, "ghz5", answers);
            using var set = await client.PutAsJsonAsync($"/api/v1/credentials/lab-a/azure.ionq", new { env = tenantVariable });
            answers.Append(await set.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.OK, set.StatusCode);
            var labA = await VendorServe.RunAsync(client, "azure.ionq", Bell, "lab-a-bell", answers, tenant: "lab-a");
            var listed = await client.GetStringAsync("/api/v1/backends");
            answers.Append(listed).Append(await client.GetStringAsync("/api/v1/credentials")).Append(await client.GetStringAsync("/api/v1/audit?limit=500"));
            logs = serve.Output;

            Assert.Equal(["00", "11"], bell.Select(c => c.Item1));
            Assert.Equal(["00000", "11111"], ghz.Select(c => c.Item1));
            Assert.Equal(1000, ghz.Sum(c => c.Item2));
            Assert.Equal(["00", "11"], labA.Select(c => c.Item1));
            // The default tenant's runs sign in as the backends do (API key, Entra application); lab-a's with its own key.
            Assert.Equal(["lab-a", "qxm-app", "workspace"], azure.JobsPerKey().Keys.SelectMany(azure.CallersOf).Order(StringComparer.Ordinal));
            var backends = JsonDocument.Parse(listed).RootElement.EnumerateArray().ToDictionary(b => b.GetProperty("id").GetString()!);
            var ionq = backends["azure.ionq"].GetProperty("vendor");
            Assert.Equal(("azure", "ionq.simulator", "available", 3.0, "free"), (ionq.GetProperty("vendor").GetString(), ionq.GetProperty("device").GetString(),
                ionq.GetProperty("status").GetString(), ionq.GetProperty("averageQueueSeconds").GetDouble(), ionq.GetProperty("pricing").GetString()));
            Assert.Equal("$13.50 per HQC", backends["azure.h2"].GetProperty("vendor").GetProperty("pricing").GetString());
        }

        foreach (var secret in new[] { azure.ApiKey!, azure.Clients["qxm-app"], tenantKey })
        {
            await VendorServe.AssertNowhereAsync(secret, home.Path, logs, answers.ToString());
        }
    }

    [Fact]
    public async Task Serve_KilledWhileAzureAnswersASubmit_NeverMakesASecondJob()
    {
        await using var azure = await FakeAzureServer.StartAsync(TimeProvider.System);
        azure.QueueDelay = TimeSpan.FromSeconds(0.5);
        azure.AnswerDelay = TimeSpan.FromSeconds(1);
        using var home = new TempDirectory();
        var file = WriteBackendsFile(home.Path, azure);

        await VendorServe.KilledBetweenSubmitAndRecordAsync(output, home.Path, file, "azure.h2", Bell, azure.JobsPerKey);
    }

    private static string WriteBackendsFile(string home, FakeAzureServer azure)
    {
        var suffix = Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        Environment.SetEnvironmentVariable("QXM_TEST_AZURE_KEY_" + suffix, azure.ApiKey);
        Environment.SetEnvironmentVariable("QXM_TEST_AZURE_SECRET_" + suffix, azure.Clients["qxm-app"]);
        var file = Path.Combine(home, "vendors.yaml");
        File.WriteAllText(file, $$"""
            backends:
              - id: azure.ionq
                vendor: azure
                device: ionq.simulator
                url: {{azure.Endpoint}}
                instance: {{FakeAzureServer.Workspace}}
                credentials: { env: QXM_TEST_AZURE_KEY_{{suffix}} }
              - id: azure.h2
                vendor: azure
                device: quantinuum.sim.h2-1e
                url: {{azure.Endpoint}}
                instance: {{FakeAzureServer.Workspace}}
                clientId: qxm-app
                directory: {{FakeAzureServer.Directory}}
                tokenUrl: {{azure.TokenEndpoint}}
                credentials: { env: QXM_TEST_AZURE_SECRET_{{suffix}} }
                pricing: { perHqc: 13.50 }
            """);
        return file;
    }
}
