using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Qxm.Domain.Runs;
using Qxm.Server.Json;
using Qxm.Server.Tests.Support;
using Xunit.Abstractions;

namespace Qxm.Server.Tests.Vendors;

/// <summary>What every vendor's <c>qxm serve</c> test does the same way: run an experiment on a vendor backend over the
/// API and read its counts, SIGKILL serve processes between the vendor accepting jobs and qxm recording them and check
/// that no run made a second vendor job, and look for a vendor secret in logs, answers and every stored file.</summary>
internal static class VendorServe
{
    /// <summary>Submits the circuit for 1,000 shots on <paramref name="backend"/> (acting in <paramref name="tenant"/> when
    /// given), waits for it and gives its counts in bit-string order; every answer is appended to <paramref name="answers"/>.</summary>
    public static async Task<IReadOnlyList<(string, long)>> RunAsync(
        HttpClient client, string backend, string circuit, string name, StringBuilder answers, string? tenant = null)
    {
        var submitted = await SubmitAsync(client, backend, circuit, name, answers, tenant);
        var run = await Eventually.WaitForAsync(
            async () => JsonSerializer.Deserialize<Run>(await ReadAsync(client, $"/api/v1/runs/{submitted.Id}", tenant), ApiJson.Options)!,
            r => RunLifecycle.IsTerminal(r!.State), $"run {submitted.Id} to finish", TimeSpan.FromSeconds(60));
        Assert.True(run!.State == RunState.Succeeded, $"{run.State}: {run.Error}");
        answers.Append(await ReadAsync(client, $"/api/v1/runs/{submitted.Id}", tenant));
        var result = await ReadAsync(client, $"/api/v1/runs/{submitted.Id}/results", tenant);
        answers.Append(result);
        var counts = JsonDocument.Parse(result).RootElement.GetProperty("points")[0].GetProperty("counts");
        return [.. counts.EnumerateObject().Select(c => (c.Name, c.Value.GetInt64())).OrderBy(c => c.Name, StringComparer.Ordinal)];
    }

    /// <summary>Short, so a killed process's runs come back within seconds; not so short that a heartbeat a loaded machine
    /// delays lets a live process's lease lapse while a vendor submit is in flight (the run is then claimed again, and a
    /// vendor without idempotency keys may get a second job before the first is listed: seen once at 2 s under load 44).</summary>
    private const string LeaseSeconds = "4";

    /// <summary><c>QXM_CRASH_ROUNDS</c> rounds (2 by default) of a serve process that takes three runs and is SIGKILLed
    /// at a random moment, then one that finishes them all: every run succeeds, with one vendor job each.</summary>
    /// <param name="jobsPerKey">The vendor's jobs per qxm idempotency key, as its fake counts them.</param>
    public static async Task KilledBetweenSubmitAndRecordAsync(
        ITestOutputHelper output, string home, string file, string backend, string circuit, Func<IReadOnlyDictionary<string, int>> jobsPerKey)
    {
        var rounds = int.TryParse(Environment.GetEnvironmentVariable("QXM_CRASH_ROUNDS"), CultureInfo.InvariantCulture, out var n) ? n : 2;
        var key = await ServeProcess.CreateAdminKeyAsync(home);
        var random = new Random(20261207);
        var ids = new List<string>();
        for (var round = 0; round < rounds; round++)
        {
            using var serve = await ServeProcess.StartAsync(home, "--backends", file, "--lease-seconds", LeaseSeconds, "--workers", "2");
            using var client = serve.ClientWith(key);
            await WaitFinishedAsync(client, ids.Count);
            for (var i = 0; i < 3; i++)
            {
                ids.Add((await SubmitAsync(client, backend, circuit, $"crash-{round}-{i}", new StringBuilder())).Id);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(random.Next(200, 1500)));
            await serve.KillAsync();
        }

        using (var last = await ServeProcess.StartAsync(home, "--backends", file, "--lease-seconds", LeaseSeconds, "--workers", "2"))
        {
            using var client = last.ClientWith(key);
            await WaitFinishedAsync(client, ids.Count);
            foreach (var id in ids)
            {
                var run = (await client.GetFromJsonAsync<Run>($"/api/v1/runs/{id}", ApiJson.Options))!;
                Assert.True(run.State == RunState.Succeeded, $"run {id} is {run.State}: {run.Error}");
            }
        }

        var perKey = jobsPerKey();
        output.WriteLine($"{rounds} rounds, {ids.Count} runs, {perKey.Count} vendor jobs on {backend}");
        Assert.Equal(ids.Count, perKey.Count);
        Assert.All(perKey, p => Assert.True(p.Value == 1, $"{p.Value} vendor jobs for {p.Key}"));
    }

    /// <summary>The secret appears in no log line, no answer and no file under the home directory.</summary>
    public static async Task AssertNowhereAsync(string secret, string home, string logs, string answers)
    {
        Assert.DoesNotContain(secret, logs, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, answers, StringComparison.Ordinal);
        foreach (var stored in Directory.EnumerateFiles(home, "*", SearchOption.AllDirectories))
        {
            var bytes = await File.ReadAllBytesAsync(stored);
            Assert.True(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret)) < 0, $"{Path.GetFileName(stored)} holds the vendor secret");
        }
    }

    private static async Task<Run> SubmitAsync(HttpClient client, string backend, string circuit, string name, StringBuilder answers, string? tenant = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/runs")
        {
            Content = new StringContent(Experiments.Json(circuit, shots: 1000, name: name, edit: d => d["backend"] = backend), Encoding.UTF8, "application/json"),
        };
        if (tenant is not null)
        {
            request.Headers.Add("X-Qxm-Tenant", tenant);
        }

        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        answers.Append(text);
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonSerializer.Deserialize<Run>(text, ApiJson.Options)!;
    }

    private static async Task<string> ReadAsync(HttpClient client, string path, string? tenant)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (tenant is not null)
        {
            request.Headers.Add("X-Qxm-Tenant", tenant);
        }

        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return text;
    }

    private static Task<int> WaitFinishedAsync(HttpClient client, int count) =>
        Eventually.WaitForAsync(
            async () => (await client.GetFromJsonAsync<List<Run>>("/api/v1/runs?limit=1000", ApiJson.Options))!.Count(r => RunLifecycle.IsTerminal(r.State)),
            finished => finished == count,
            "every run submitted so far to finish",
            TimeSpan.FromSeconds(120));
}
