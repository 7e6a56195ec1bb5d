using System.Text;
using System.Text.Json;
using Qxm.Engine.Tests.Vendors.IonQ;
using Qxm.Server.Tests.Support;
using Xunit.Abstractions;

namespace Qxm.Server.Tests.Vendors;

/// <summary><c>qxm serve --backends FILE</c> with IonQ backends pointed at the fake IonQ on loopback: one experiment's
/// Bell pair and 5-qubit GHZ run through it, the vendor's view is listed, the key never leaks, and a serve process
/// SIGKILLed between IonQ accepting a job and qxm recording it never makes a second job.</summary>
public sealed class IonQServeTests(ITestOutputHelper output)
{
    private const string Bell = "OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit[2] q;\nbit[2] c;\nh q[0];\ncx q[0], q[1];\nc = measure q;\n";
    private const string Ghz5 = "OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit[5] q;\nbit[5] c;\nh q[0];\ncx q[0], q[1];\ncx q[1], q[2];\ncx q[2], q[3];\ncx q[3], q[4];\nc = measure q;\n";

    [Fact]
    public async Task Serve_RunsBellAndGhz5OnIonQ_ListsTheVendor_AndTheKeyIsNowhere()
    {
        await using var ionq = await FakeIonQServer.StartAsync(TimeProvider.System);
        ionq.QueueDelay = TimeSpan.FromSeconds(1);
        ionq.ApiKey = "canary-" + Guid.NewGuid().ToString("N");
        using var home = new TempDirectory();
        var file = WriteBackendsFile(home.Path, ionq);
        var key = await ServeProcess.CreateAdminKeyAsync(home.Path);
        var answers = new StringBuilder();
        string logs;
        using (var serve = await ServeProcess.StartLoggingAsync(home.Path, "Information", "--backends", file))
        {
            using var client = serve.ClientWith(key);
            var bell = await VendorServe.RunAsync(client, "ionq.sim", Bell, "bell", answers);
            var ghz = await VendorServe.RunAsync(client, "ionq.sim", Ghz5, "ghz5", answers);
            var listed = await client.GetStringAsync("/api/v1/backends");
            answers.Append(listed);
            logs = serve.Output;

            Assert.Equal([("00", 500L), ("11", 500L)], bell);
            Assert.Equal([("00000", 500L), ("11111", 500L)], ghz);
            var backends = JsonDocument.Parse(listed).RootElement.EnumerateArray().ToDictionary(b => b.GetProperty("id").GetString()!);
            var aria = backends["ionq.aria"].GetProperty("vendor");
            Assert.Equal(("ionq", "qpu.aria-1", "available", 1.5), (aria.GetProperty("vendor").GetString(), aria.GetProperty("device").GetString(),
                aria.GetProperty("status").GetString(), aria.GetProperty("averageQueueSeconds").GetDouble()));
            Assert.Contains("per 2q gate-shot", aria.GetProperty("pricing").GetString(), StringComparison.Ordinal);
            Assert.Equal("$0.30 per task, $0.00035 per shot", backends["ionq.sim"].GetProperty("vendor").GetProperty("pricing").GetString());
        }

        Assert.Equal(2, ionq.JobsPerKey().Count);
        await VendorServe.AssertNowhereAsync(ionq.ApiKey, home.Path, logs, answers.ToString());
    }

    [Fact]
    public async Task Serve_KilledWhileIonQAnswersASubmit_NeverMakesASecondJob()
    {
        await using var ionq = await FakeIonQServer.StartAsync(TimeProvider.System);
        ionq.QueueDelay = TimeSpan.FromSeconds(0.5);
        ionq.AnswerDelay = TimeSpan.FromSeconds(1);
        using var home = new TempDirectory();
        var file = WriteBackendsFile(home.Path, ionq);
        await VendorServe.KilledBetweenSubmitAndRecordAsync(output, home.Path, file, "ionq.sim", Bell, ionq.JobsPerKey);
    }

    private static string WriteBackendsFile(string home, FakeIonQServer ionq)
    {
        var variable = "QXM_TEST_IONQ_KEY_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        Environment.SetEnvironmentVariable(variable, ionq.ApiKey);
        var file = Path.Combine(home, "vendors.yaml");
        File.WriteAllText(file, $$"""
            backends:
              - id: ionq.sim
                vendor: ionq
                device: simulator
                url: {{ionq.Endpoint}}
                credentials: { env: {{variable}} }
                pricing: { perTask: 0.30, perShot: 0.00035 }
              - id: ionq.aria
                vendor: ionq
                device: qpu.aria-1
                url: {{ionq.Endpoint}}
                credentials: { env: {{variable}} }
            """);
        return file;
    }
}
