using System.Text;
using System.Text.Json;
using Qxm.Engine.Tests.Vendors.Braket;
using Qxm.Server.Tests.Support;
using Qxm.Tests.Shared;
using Xunit.Abstractions;

namespace Qxm.Server.Tests.Vendors;

/// <summary><c>qxm serve --backends FILE</c> with Braket's SV1 pointed at the fake Braket on loopback and a real s3rver
/// for the tasks' results: the Bell pair and 5-qubit GHZ (and the Bell pair on IonQ Aria through Braket, bound to the
/// device's calibration) come back in the same counts layout as every backend's, the
/// vendor's view and price are listed, each run is charged what Braket billed, the session token of the temporary
/// credentials never leaks, and a serve process SIGKILLed between Braket making a task and qxm recording it never makes a
/// second task.</summary>
public sealed class BraketServeTests(ITestOutputHelper output)
{
    private const string Bell = "OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit[2] q;\nbit[2] c;\nh q[0];\ncx q[0], q[1];\nc = measure q;\n";
    private const string Ghz5 = "OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit[5] q;\nbit[5] c;\nh q[0];\ncx q[0], q[1];\ncx q[1], q[2];\ncx q[2], q[3];\ncx q[3], q[4];\nc = measure q;\n";

    [SkippableFact]
    public async Task Serve_RunsBellAndGhz5OnBraket_ListsTheVendor_AndTheSessionTokenIsNowhere()
    {
        await using var s3 = await TestS3Server.StartAsync();
        await using var braket = await FakeBraketServer.StartAsync(TimeProvider.System, s3!.Endpoint);
        braket.QueueDelay = TimeSpan.FromSeconds(1);
        braket.SessionToken = "canary-" + Guid.NewGuid().ToString("N");
        using var home = new TempDirectory();
        var file = WriteBackendsFile(home.Path, braket, s3.Endpoint);
        var key = await ServeProcess.CreateAdminKeyAsync(home.Path);
        var answers = new StringBuilder();
        string logs;
        using (var serve = await ServeProcess.StartLoggingAsync(home.Path, "Information", "--backends", file))
        {
            using var client = serve.ClientWith(key);
            var bell = await VendorServe.RunAsync(client, "braket.sv1", Bell, "bell", answers);
            var ghz = await VendorServe.RunAsync(client, "braket.sv1", Ghz5, "ghz5", answers);
            var onAria = await VendorServe.RunAsync(client, "braket.aria", Bell, "bell-aria", answers);
            var ariaId = JsonDocument.Parse(await client.GetStringAsync("/api/v1/runs?limit=10")).RootElement.EnumerateArray()
                .Single(r => r.GetProperty("backend").GetString() == "braket.aria").GetProperty("id").GetString();
            var ariaRun = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/runs/{ariaId}")).RootElement;
            var listed = await client.GetStringAsync("/api/v1/backends");
            answers.Append(listed);
            logs = serve.Output;

            Assert.Equal([("00", 500L), ("11", 500L)], bell);
            Assert.Equal([("00000", 500L), ("11111", 500L)], ghz);
            Assert.Equal([("00", 500L), ("11", 500L)], onAria);
            // The QPU's run is bound to the calibration GetDevice gave (the fixture's updatedAt), asked through the run's pipeline.
            Assert.Equal(new DateTimeOffset(2026, 11, 28, 6, 12, 0, TimeSpan.Zero), ariaRun.GetProperty("calibration").GetProperty("takenAt").GetDateTimeOffset());
            var sv1 = JsonDocument.Parse(listed).RootElement.EnumerateArray().Single(b => b.GetProperty("id").GetString() == "braket.sv1").GetProperty("vendor");
            Assert.Equal(("braket", FakeBraketServer.Simulator, "online", 0), (sv1.GetProperty("vendor").GetString(), sv1.GetProperty("device").GetString(),
                sv1.GetProperty("status").GetString(), sv1.GetProperty("queueLength").GetInt32()));
            Assert.Equal("$0.00125 per second, $0.00375 minimum per task", sv1.GetProperty("pricing").GetString());

            // Each SV1 run estimated at its 3-second minimum, $0.00375, and charged that for the 24 ms Braket measured; the
            // Aria run at $0.30 + 1,000 x $0.03, which Braket does not report back, so its estimate is what is charged.
            var costs = JsonDocument.Parse(await client.GetStringAsync("/api/v1/costs?by=backend")).RootElement.EnumerateArray()
                .ToDictionary(l => l.GetProperty("key").GetString()!);
            var line = costs["braket.sv1"];
            Assert.Equal((2, 0.0075m, 0.0075m, 2), (line.GetProperty("runs").GetInt32(),
                line.GetProperty("estimatedUsd").GetDecimal(), line.GetProperty("actualUsd").GetDecimal(), line.GetProperty("runsWithActual").GetInt32()));
            Assert.Equal((1, 30.30m, 30.30m, 0), (costs["braket.aria"].GetProperty("runs").GetInt32(), costs["braket.aria"].GetProperty("estimatedUsd").GetDecimal(),
                costs["braket.aria"].GetProperty("chargedUsd").GetDecimal(), costs["braket.aria"].GetProperty("runsWithActual").GetInt32()));
        }

        Assert.Equal(3, braket.JobsPerKey().Count);
        await VendorServe.AssertNowhereAsync(braket.SessionToken, home.Path, logs, answers.ToString());
    }

    [SkippableFact]
    public async Task Serve_KilledWhileBraketAnswersACreate_NeverMakesASecondTask()
    {
        await using var s3 = await TestS3Server.StartAsync();
        await using var braket = await FakeBraketServer.StartAsync(TimeProvider.System, s3!.Endpoint);
        braket.QueueDelay = TimeSpan.FromSeconds(0.5);
        braket.AnswerDelay = TimeSpan.FromSeconds(1);
        using var home = new TempDirectory();
        var file = WriteBackendsFile(home.Path, braket, s3.Endpoint);
        await VendorServe.KilledBetweenSubmitAndRecordAsync(output, home.Path, file, "braket.sv1", Bell, braket.JobsPerKey);
    }

    /// <summary>AWS's three variables under a prefix of the test's own, as a lab's temporary credentials would be set.</summary>
    private static string WriteBackendsFile(string home, FakeBraketServer braket, Uri s3)
    {
        var prefix = "QXM_TEST_BRAKET_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant() + "_";
        Environment.SetEnvironmentVariable(prefix + "ACCESS_KEY_ID", braket.KeyId);
        Environment.SetEnvironmentVariable(prefix + "SECRET_ACCESS_KEY", braket.Secret);
        Environment.SetEnvironmentVariable(prefix + "SESSION_TOKEN", braket.SessionToken);
        var file = Path.Combine(home, "vendors.yaml");
        File.WriteAllText(file, $$"""
            backends:
              - id: braket.sv1
                vendor: braket
                device: {{FakeBraketServer.Simulator}}
                url: {{braket.Endpoint}}
                bucket: {{FakeBraketServer.Bucket}}
                s3Url: {{s3}}
                credentials: { env: {{prefix}}ACCESS_KEY_ID }
              - id: braket.aria
                vendor: braket
                device: {{FakeBraketServer.Aria}}
                url: {{braket.Endpoint}}
                bucket: {{FakeBraketServer.Bucket}}
                s3Url: {{s3}}
                credentials: { env: {{prefix}}ACCESS_KEY_ID }
            """);
        return file;
    }
}
