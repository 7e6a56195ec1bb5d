using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Qxm.Domain.Runs;
using Qxm.Server.Json;
using Qxm.Server.Tests.Support;
using Xunit.Abstractions;

namespace Qxm.Server.Tests.Vendors;

/// <summary>What every vendor's <c>qxm serve</c> test does through the API: submit and run an experiment on a vendor
/// backend, wait for runs, SIGKILL serve processes while the vendor answers submits and check that no job was made twice,
/// and check that a secret is in no log, answer or stored file. One copy for every vendor's fake.</summary>
internal static class VendorServe
{
    public const string Bell = "OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit[2] q;\nbit[2] c;\nh q[0];\ncx q[0], q[1];\nc = measure q;\n";
    public const string Ghz5 = "OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit[5] q;\nbit[5] c;\nh q[0];\ncx q[0], q[1];\ncx q[1], q[2];\ncx q[2], q[3];\ncx q[3], q[4];\nc = measure q;\n";

    /// <summary>Runs the circuit for 1,000 shots on the backend (as <paramref name="tenant"/> when given) and returns its
    /// counts in bit-string order; every answer read is appended to <paramref name="answers"/>.</summary>
    public static async Task<IReadOnlyList<(string, long)>> RunAsync(
        HttpClient client, string backend, string circuit, string name, StringBuilder answers, string? tenant = null)
    {
        var submitted = await SubmitAsync(client, backend, circuit, name, answers, tenant);
        var run = await Eventually.WaitForAsync(
            () => Read<Run>(client, $"/api/v1/runs/{submitted.Id}", tenant),
            r => RunLifecycle.IsTerminal(r!.State), $"run {submitted.Id} to finish", TimeSpan.FromSeconds(60));
        Assert.True(run!.State == RunState.Succeeded, $"{run.State}: {run.Error}");
        answers.Append(await ReadTextAsync(client, $"/api/v1/runs/{submitted.Id}", tenant));
        var result = await ReadTextAsync(client, $"/api/v1/runs/{submitted.Id}/results", tenant);
        answers.Append(result);
        var counts = JsonDocument.Parse(result).RootElement.GetProperty("points")[0].GetProperty("counts");
        return [.. counts.EnumerateObject().Select(c => (c.Name, c.Value.GetInt64())).OrderBy(c => c.Name, StringComparer.Ordinal)];
    }

    public static async Task<Run> SubmitAsync(HttpClient client, string backend, string circuit, string name, StringBuilder answers, string? tenant = null)
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

    public static Task<int> WaitFinishedAsync(HttpClient client, int count) =>
        Eventually.WaitForAsync(
            async () => (await client.GetFromJsonAsync<List<Run>>("/api/v1/runs?limit=1000", ApiJson.Options))!.Count(r => RunLifecycle.IsTerminal(r.State)),
            finished => finished == count,
            "every run submitted so far to finish",
            TimeSpan.FromSeconds(120));

    /// <summary><c>qxm serve</c> SIGKILLed at a random moment after each of <c>QXM_CRASH_ROUNDS</c> (default 2) rounds of
    /// three submits, while the vendor's fake delays its submit answers; a last process finishes every run. Every run must
    /// succeed with exactly one vendor job per idempotency key.</summary>
    public static async Task CrashRoundsAsync(
        ITestOutputHelper output, string home, string backendsFile, string key, string backend, string circuit, Func<IReadOnlyDictionary<string, int>> jobsPerKey, string vendor)
    {
        var rounds = int.TryParse(Environment.GetEnvironmentVariable("QXM_CRASH_ROUNDS"), CultureInfo.InvariantCulture, out var n) ? n : 2;
        var random = new Random(20261207);
        var ids = new List<string>();
        for (var round = 0; round < rounds; round++)
        {
            using var serve = await ServeProcess.StartAsync(home, "--backends", backendsFile, "--lease-seconds", "2", "--workers", "2");
            using var client = serve.ClientWith(key);
            await WaitFinishedAsync(client, ids.Count);
            for (var i = 0; i < 3; i++)
            {
                ids.Add((await SubmitAsync(client, backend, circuit, $"crash-{round}-{i}", new StringBuilder())).Id);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(random.Next(200, 1500)));
            await serve.KillAsync();
        }

        using (var last = await ServeProcess.StartAsync(home, "--backends", backendsFile, "--lease-seconds", "2", "--workers", "2"))
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
        output.WriteLine($"{rounds} rounds, {ids.Count} runs, {perKey.Count} {vendor} jobs");
        Assert.Equal(ids.Count, perKey.Count);
        Assert.All(perKey, p => Assert.True(p.Value == 1, $"{p.Value} {vendor} jobs for {p.Key}"));
    }

    /// <summary>The secret is in none of the texts (logs, answers) and no file under the data directory.</summary>
    public static async Task AssertNowhereAsync(string home, string secret, params string[] texts)
    {
        foreach (var text in texts)
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        }

        foreach (var stored in Directory.EnumerateFiles(home, "*", SearchOption.AllDirectories))
        {
            var bytes = await File.ReadAllBytesAsync(stored);
            Assert.True(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret)) < 0, $"{Path.GetFileName(stored)} holds a vendor secret");
        }
    }

    private static async Task<T> Read<T>(HttpClient client, string path, string? tenant) =>
        JsonSerializer.Deserialize<T>(await ReadTextAsync(client, path, tenant), ApiJson.Options)!;

    private static async Task<string> ReadTextAsync(HttpClient client, string path, string? tenant)
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
}
