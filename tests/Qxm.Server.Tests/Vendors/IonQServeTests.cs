using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Qxm.Domain.Runs;
using Qxm.Engine.Tests.Vendors.IonQ;
using Qxm.Server.Json;
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
            var bell = await RunAsync(client, Bell, "bell", answers);
            var ghz = await RunAsync(client, Ghz5, "ghz5", answers);
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
        Assert.DoesNotContain(ionq.ApiKey, logs, StringComparison.Ordinal);
        Assert.DoesNotContain(ionq.ApiKey, answers.ToString(), StringComparison.Ordinal);
        foreach (var stored in Directory.EnumerateFiles(home.Path, "*", SearchOption.AllDirectories))
        {
            var bytes = await File.ReadAllBytesAsync(stored);
            Assert.True(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(ionq.ApiKey)) < 0, $"{Path.GetFileName(stored)} holds the vendor key");
        }
    }

    [Fact]
    public async Task Serve_KilledWhileIonQAnswersASubmit_NeverMakesASecondJob()
    {
        var rounds = int.TryParse(Environment.GetEnvironmentVariable("QXM_CRASH_ROUNDS"), CultureInfo.InvariantCulture, out var n) ? n : 2;
        await using var ionq = await FakeIonQServer.StartAsync(TimeProvider.System);
        ionq.QueueDelay = TimeSpan.FromSeconds(0.5);
        ionq.AnswerDelay = TimeSpan.FromSeconds(1);
        using var home = new TempDirectory();
        var file = WriteBackendsFile(home.Path, ionq);
        var key = await ServeProcess.CreateAdminKeyAsync(home.Path);
        var random = new Random(20261207);
        var ids = new List<string>();
        for (var round = 0; round < rounds; round++)
        {
            using var serve = await ServeProcess.StartAsync(home.Path, "--backends", file, "--lease-seconds", "2", "--workers", "2");
            using var client = serve.ClientWith(key);
            await WaitFinishedAsync(client, ids.Count);
            for (var i = 0; i < 3; i++)
            {
                ids.Add((await SubmitAsync(client, Bell, $"crash-{round}-{i}", new StringBuilder())).Id);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(random.Next(200, 1500)));
            await serve.KillAsync();
        }

        using (var last = await ServeProcess.StartAsync(home.Path, "--backends", file, "--lease-seconds", "2", "--workers", "2"))
        {
            using var client = last.ClientWith(key);
            await WaitFinishedAsync(client, ids.Count);
            foreach (var id in ids)
            {
                var run = (await client.GetFromJsonAsync<Run>($"/api/v1/runs/{id}", ApiJson.Options))!;
                Assert.True(run.State == RunState.Succeeded, $"run {id} is {run.State}: {run.Error}");
            }
        }

        var perKey = ionq.JobsPerKey();
        output.WriteLine($"{rounds} rounds, {ids.Count} runs, {perKey.Count} IonQ jobs");
        Assert.Equal(ids.Count, perKey.Count);
        Assert.All(perKey, p => Assert.True(p.Value == 1, $"{p.Value} IonQ jobs for {p.Key}"));
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

    private static async Task<IReadOnlyList<(string, long)>> RunAsync(HttpClient client, string circuit, string name, StringBuilder answers)
    {
        var submitted = await SubmitAsync(client, circuit, name, answers);
        var run = await Eventually.WaitForAsync(
            () => client.GetFromJsonAsync<Run>($"/api/v1/runs/{submitted.Id}", ApiJson.Options)!,
            r => RunLifecycle.IsTerminal(r!.State), $"run {submitted.Id} to finish", TimeSpan.FromSeconds(60));
        Assert.True(run!.State == RunState.Succeeded, $"{run.State}: {run.Error}");
        answers.Append(await client.GetStringAsync($"/api/v1/runs/{submitted.Id}"));
        var result = await client.GetStringAsync($"/api/v1/runs/{submitted.Id}/results");
        answers.Append(result);
        var counts = JsonDocument.Parse(result).RootElement.GetProperty("points")[0].GetProperty("counts");
        return [.. counts.EnumerateObject().Select(c => (c.Name, c.Value.GetInt64())).OrderBy(c => c.Name, StringComparer.Ordinal)];
    }

    private static async Task<Run> SubmitAsync(HttpClient client, string circuit, string name, StringBuilder answers)
    {
        using var content = new StringContent(Experiments.Json(circuit, shots: 1000, name: name, edit: d => d["backend"] = "ionq.sim"), Encoding.UTF8, "application/json");
        using var response = await client.PostAsync("/api/v1/runs", content);
        var text = await response.Content.ReadAsStringAsync();
        answers.Append(text);
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonSerializer.Deserialize<Run>(text, ApiJson.Options)!;
    }

    private static Task<int> WaitFinishedAsync(HttpClient client, int count) =>
        Eventually.WaitForAsync(
            async () => (await client.GetFromJsonAsync<List<Run>>("/api/v1/runs?limit=1000", ApiJson.Options))!.Count(r => RunLifecycle.IsTerminal(r.State)),
            finished => finished == count,
            "every run submitted so far to finish",
            TimeSpan.FromSeconds(120));
}
