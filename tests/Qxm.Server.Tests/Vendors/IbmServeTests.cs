using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Qxm.Engine.Tests.Vendors.Ibm;
using Qxm.Server.Tests.Support;
using Xunit.Abstractions;

namespace Qxm.Server.Tests.Vendors;

/// <summary><c>qxm serve --backends FILE</c> with an IBM device pointed at the fake IBM Cloud IAM and Qiskit Runtime on
/// loopback: the experiment file's Bell pair and 5-qubit GHZ (in the device's basis) come back in the same counts
/// layout as every backend's, the key never leaks, and a serve process SIGKILLed between IBM accepting a job and qxm
/// recording it never makes a second job.</summary>
public sealed class IbmServeTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Serve_RunsBellAndGhz5OnIbm_ListsTheVendor_AndTheKeyIsNowhere()
    {
        await using var ibm = await FakeIbmServer.StartAsync(TimeProvider.System);
        ibm.QueueDelay = TimeSpan.FromSeconds(1);
        ibm.ApiKey = "canary-" + Guid.NewGuid().ToString("N");
        using var home = new TempDirectory();
        var file = WriteBackendsFile(home.Path, ibm);
        var key = await ServeProcess.CreateAdminKeyAsync(home.Path);
        var answers = new StringBuilder();
        string logs;
        using (var serve = await ServeProcess.StartLoggingAsync(home.Path, "Information", "--backends", file))
        {
            using var client = serve.ClientWith(key);
            var bell = await VendorServe.RunAsync(client, "ibm.torino", IbmCircuits.Ghz(2), "bell", answers);
            var ghz = await VendorServe.RunAsync(client, "ibm.torino", IbmCircuits.Ghz(5), "ghz5", answers);
            var listed = await client.GetStringAsync("/api/v1/backends");
            answers.Append(listed);
            logs = serve.Output;

            Assert.Equal([("00", 500L), ("11", 500L)], bell);
            Assert.Equal([("00000", 500L), ("11111", 500L)], ghz);
            var torino = JsonDocument.Parse(listed).RootElement.EnumerateArray().Single(b => b.GetProperty("id").GetString() == "ibm.torino").GetProperty("vendor");
            Assert.Equal(("ibm", "ibm_torino", "active", 0), (torino.GetProperty("vendor").GetString(), torino.GetProperty("device").GetString(),
                torino.GetProperty("status").GetString(), torino.GetProperty("queueLength").GetInt32()));
            Assert.Equal("$1.60 per second", torino.GetProperty("pricing").GetString());

            // Each run estimated at (2 s + 1,000 x 250 us) x $1.60 = $3.60 and charged IBM's reported 2 quantum seconds, $3.20.
            var costs = JsonDocument.Parse(await client.GetStringAsync("/api/v1/costs?by=backend")).RootElement;
            var line = Assert.Single(costs.EnumerateArray());
            Assert.Equal(("ibm.torino", 2, 7.20m, 6.40m, 6.40m, 2), (line.GetProperty("key").GetString(), line.GetProperty("runs").GetInt32(),
                line.GetProperty("estimatedUsd").GetDecimal(), line.GetProperty("actualUsd").GetDecimal(), line.GetProperty("chargedUsd").GetDecimal(),
                line.GetProperty("runsWithActual").GetInt32()));
        }

        Assert.Equal(2, ibm.JobsPerKey().Count);
        await VendorServe.AssertNowhereAsync(ibm.ApiKey, home.Path, logs, answers.ToString());
    }

    [Fact]
    public async Task Serve_KilledWhileIbmAnswersASubmit_NeverMakesASecondJob()
    {
        await using var ibm = await FakeIbmServer.StartAsync(TimeProvider.System);
        ibm.QueueDelay = TimeSpan.FromSeconds(0.5);
        ibm.AnswerDelay = TimeSpan.FromSeconds(1);
        using var home = new TempDirectory();
        var file = WriteBackendsFile(home.Path, ibm);
        await VendorServe.KilledBetweenSubmitAndRecordAsync(output, home.Path, file, "ibm.torino", IbmCircuits.Ghz(2), ibm.JobsPerKey);
    }

    [Fact]
    public async Task Serve_SessionOnIbm_OpensIbmsSession_ItsRunsJoinIt_AndIbmsClosesWhenQxmsEnds()
    {
        await using var ibm = await FakeIbmServer.StartAsync(TimeProvider.System);
        ibm.QueueDelay = TimeSpan.FromSeconds(0.5);
        using var home = new TempDirectory();
        var file = WriteBackendsFile(home.Path, ibm);
        var key = await ServeProcess.CreateAdminKeyAsync(home.Path);
        using var serve = await ServeProcess.StartLoggingAsync(home.Path, "Information", "--backends", file);
        using var client = serve.ClientWith(key);
        try
        {
            using var opened = await client.PostAsJsonAsync("/api/v1/sessions", new { backend = "ibm.torino", maxSeconds = 600, idleSeconds = 300 });
            Assert.Equal(System.Net.HttpStatusCode.Created, opened.StatusCode);
            var session = JsonDocument.Parse(await opened.Content.ReadAsStringAsync()).RootElement.GetProperty("session");
            var vendorSession = session.GetProperty("vendorSession").GetString()!;
            Assert.Equal(vendorSession, Assert.Single(ibm.Sessions).Id);

            var answers = new StringBuilder();
            Assert.Equal([("00", 500L), ("11", 500L)], await VendorServe.RunAsync(client, "ibm.torino", IbmCircuits.Ghz(2), "in-session", answers));
            Assert.Equal(new Dictionary<string, int> { [vendorSession] = 1 }, ibm.JobsPerSession());
            Assert.Contains($"in the vendor's session {vendorSession}", answers.ToString(), StringComparison.Ordinal);
            var runId = System.Text.RegularExpressions.Regex.Match(answers.ToString(), "\"id\":\\s*\"(r-[0-9a-f]+)\"").Groups[1].Value;
            var provenance = await client.GetStringAsync($"/api/v1/runs/{runId}/provenance");
            Assert.Contains($"\"vendorSession\":\"{vendorSession}\"", provenance.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);

            using var closed = await client.DeleteAsync($"/api/v1/sessions/{session.GetProperty("id").GetString()}");
            closed.EnsureSuccessStatusCode();
            Assert.False(ibm.Sessions.Single(s => s.Id == vendorSession).AcceptingJobs);
            await VendorServe.RunAsync(client, "ibm.torino", IbmCircuits.Ghz(2), "after-session", answers);
            Assert.Equal(new Dictionary<string, int> { [vendorSession] = 1 }, ibm.JobsPerSession());

            // A session that lapses by itself (idle) has IBM's closed by the server's sweep.
            using var brief = await client.PostAsJsonAsync("/api/v1/sessions", new { backend = "ibm.torino", maxSeconds = 600, idleSeconds = 1 });
            var lapsing = JsonDocument.Parse(await brief.Content.ReadAsStringAsync()).RootElement.GetProperty("session").GetProperty("vendorSession").GetString();
            await Eventually.WaitForAsync(() => Task.FromResult(ibm.Sessions.Single(s => s.Id == lapsing)), s => !s.AcceptingJobs,
                "the lapsed session's IBM session to close", TimeSpan.FromSeconds(60));
        }
        finally
        {
            output.WriteLine(serve.Output);
        }
    }

    private static string WriteBackendsFile(string home, FakeIbmServer ibm)
    {
        var variable = "QXM_TEST_IBM_KEY_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        Environment.SetEnvironmentVariable(variable, ibm.ApiKey);
        var file = Path.Combine(home, "vendors.yaml");
        File.WriteAllText(file, $$"""
            backends:
              - id: ibm.torino
                vendor: ibm
                device: {{FakeIbmServer.Device}}
                url: {{ibm.Endpoint}}
                tokenUrl: {{ibm.TokenEndpoint}}
                instance: "{{ibm.Instance}}"
                credentials: { env: {{variable}} }
            """);
        return file;
    }
}
