using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Qxm.Domain.Runs;
using Qxm.Engine.Tests.Vendors.Ibm;
using Qxm.Server.Json;
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
            var bell = await RunAsync(client, IbmCircuits.Ghz(2), "bell", answers);
            var ghz = await RunAsync(client, IbmCircuits.Ghz(5), "ghz5", answers);
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
        Assert.DoesNotContain(ibm.ApiKey, logs, StringComparison.Ordinal);
        Assert.DoesNotContain(ibm.ApiKey, answers.ToString(), StringComparison.Ordinal);
        foreach (var stored in Directory.EnumerateFiles(home.Path, "*", SearchOption.AllDirectories))
        {
            var bytes = await File.ReadAllBytesAsync(stored);
            Assert.True(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(ibm.ApiKey)) < 0, $"{Path.GetFileName(stored)} holds the vendor key");
        }
    }

    [Fact]
    public async Task Serve_KilledWhileIbmAnswersASubmit_NeverMakesASecondJob()
    {
        var rounds = int.TryParse(Environment.GetEnvironmentVariable("QXM_CRASH_ROUNDS"), CultureInfo.InvariantCulture, out var n) ? n : 2;
        await using var ibm = await FakeIbmServer.StartAsync(TimeProvider.System);
        ibm.QueueDelay = TimeSpan.FromSeconds(0.5);
        ibm.AnswerDelay = TimeSpan.FromSeconds(1);
        using var home = new TempDirectory();
        var file = WriteBackendsFile(home.Path, ibm);
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
                ids.Add((await SubmitAsync(client, IbmCircuits.Ghz(2), $"crash-{round}-{i}", new StringBuilder())).Id);
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

        var perKey = ibm.JobsPerKey();
        output.WriteLine($"{rounds} rounds, {ids.Count} runs, {perKey.Count} IBM jobs");
        Assert.Equal(ids.Count, perKey.Count);
        Assert.All(perKey, p => Assert.True(p.Value == 1, $"{p.Value} IBM jobs for {p.Key}"));
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
        using var content = new StringContent(Experiments.Json(circuit, shots: 1000, name: name, edit: d => d["backend"] = "ibm.torino"), Encoding.UTF8, "application/json");
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
