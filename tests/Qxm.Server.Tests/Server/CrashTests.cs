using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Data.Sqlite;
using Qxm.Domain.Runs;
using Qxm.Server.Json;
using Qxm.Server.Tests.Support;
using Xunit.Abstractions;

namespace Qxm.Server.Tests.Server;

/// <summary>Exactly-once dispatch across crashes: <c>qxm serve</c> is SIGKILLed at random points while runs go to a fake
/// remote device whose submit answers arrive a second after it accepted the job (so kills land between the device
/// accepting a job and qxm recording it). The device keeps its jobs in files, as a vendor keeps them across a client's
/// crash. A round costs a process start and a recovery (15-40 s on a shared 2-core machine), so CI runs 3 rounds;
/// <c>QXM_CRASH_ROUNDS=50 dotnet test tests/Qxm.Server.Tests --filter CrashTests</c> runs the 50 (docs/backends.md).</summary>
public sealed class CrashTests(ITestOutputHelper output)
{
    private const string Device = """
        { "name": "crashy", "qubits": 2, "maxShots": 1000, "maxCircuits": 10,
          "operations": [ { "name": "x" }, { "name": "cx" } ],
          "coupling": { "edges": [ [0, 1] ] },
          "calibration": { "takenAt": "2026-12-01T00:00:00Z", "t1Us": 100, "t2Us": 80, "readoutError": 0.01 },
          "queue": { "delaySeconds": 0.2 },
          "faults": { "seed": 11, "timeout": { "probability": 0.3, "seconds": 1 } } }
        """;

    private const string Circuit = "OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit[2] q;\nbit[2] c;\nx q[0];\ncx q[0], q[1];\nc = measure q;\n";

    [Fact]
    public async Task Serve_KilledBetweenSubmitAndRecording_LosesNoRunAndNeverSubmitsOrRecordsTwice()
    {
        var rounds = int.TryParse(Environment.GetEnvironmentVariable("QXM_CRASH_ROUNDS"), CultureInfo.InvariantCulture, out var n) ? n : 3;
        using var home = new TempDirectory();
        Directory.CreateDirectory(Path.Combine(home.Path, "devices"));
        await File.WriteAllTextAsync(Path.Combine(home.Path, "devices", "crashy.json"), Device);
        var key = await ServeProcess.CreateAdminKeyAsync(home.Path);
        var random = new Random(20261206);
        var ids = new List<string>();
        for (var round = 0; round < rounds; round++)
        {
            using var serve = await ServeProcess.StartAsync(home.Path, "--lease-seconds", "2", "--workers", "2");
            using var client = serve.ClientWith(key);
            // The runs the last kill interrupted finish first, so each run is killed once at most (three kills of one
            // run would fail it, rightly, as a run whose workers keep dying).
            var started = System.Diagnostics.Stopwatch.StartNew();
            await WaitFinishedAsync(client, ids.Count);
            output.WriteLine($"round {round}: earlier runs finished {started.Elapsed.TotalSeconds:0.0} s after the start");
            for (var i = 0; i < 3; i++)
            {
                ids.Add(await SubmitAsync(client, $"crash-{round}-{i}", (ulong)(round * 10 + i)));
            }

            await Task.Delay(TimeSpan.FromMilliseconds(random.Next(50, 1500)));
            await serve.KillAsync();
        }

        using (var last = await ServeProcess.StartAsync(home.Path, "--lease-seconds", "2", "--workers", "2"))
        {
            using var client = last.ClientWith(key);
            await WaitFinishedAsync(client, ids.Count);
            var found = 0;
            foreach (var id in ids)
            {
                var run = (await client.GetFromJsonAsync<Run>($"/api/v1/runs/{id}", ApiJson.Options))!;
                Assert.True(run.State == RunState.Succeeded, $"run {id} is {run.State}: {run.Error}");
                found += run.BackendAttempts.Count(a => a.Message?.Contains("idempotency key", StringComparison.Ordinal) == true);
            }

            output.WriteLine($"{rounds} rounds, {ids.Count} runs, {found} jobs recovered by their idempotency key after a lost answer or a kill");
        }

        var jobFiles = Directory.EnumerateFiles(Path.Combine(home.Path, "fake-jobs", "crashy"), "*.json").Select(Path.GetFileName).ToList();
        var perKey = jobFiles.GroupBy(f => f![..f!.LastIndexOf('-')]).ToList();
        Assert.Equal(ids.Count, perKey.Count);
        Assert.All(perKey, key => Assert.True(key.Count() == 1, $"{key.Count()} backend jobs for one run ({key.Key})"));

        await using var connection = new SqliteConnection($"Data Source={Path.Combine(home.Path, "qxm.db")};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        Assert.Equal(ids.Count, await ScalarAsync(connection, "SELECT COUNT(*) FROM results"));
        Assert.Equal(ids.Count, await ScalarAsync(connection, "SELECT COUNT(DISTINCT run_id) FROM results"));
        Assert.Equal(ids.Count, await ScalarAsync(connection, "SELECT COUNT(*) FROM run_transitions WHERE lower(to_state) = 'succeeded'"));
    }

    private static Task<int> WaitFinishedAsync(HttpClient client, int count) =>
        Eventually.WaitForAsync(
            async () => (await client.GetFromJsonAsync<List<Run>>("/api/v1/runs?limit=1000", ApiJson.Options))!.Count(r => RunLifecycle.IsTerminal(r.State)),
            finished => finished == count,
            "every run submitted so far to finish",
            TimeSpan.FromSeconds(120));

    private static async Task<string> SubmitAsync(HttpClient client, string name, ulong seed)
    {
        using var content = new StringContent(Experiments.Json(Circuit, shots: 100, name: name, seed: seed, edit: d => d["backend"] = "fake.crashy"), Encoding.UTF8, "application/json");
        using var response = await client.PostAsync("/api/v1/runs", content);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<Run>(ApiJson.Options))!.Id;
    }

    private static async Task<long> ScalarAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }
}
