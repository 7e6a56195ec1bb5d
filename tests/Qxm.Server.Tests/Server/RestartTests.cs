using System.Net.Http.Json;
using System.Text;
using Microsoft.Data.Sqlite;
using Qxm.Domain.Runs;
using Qxm.Server.Json;
using Qxm.Server.Tests.Support;

namespace Qxm.Server.Tests.Server;

public sealed class RestartTests
{
    private const int Runs = 20;

    /// <summary>How long no run may finish before the test gives up: a run takes about 0.3 s on a quiet machine, and
    /// minutes only when the machine is saturated, which must slow this test down, not fail it.</summary>
    private static readonly TimeSpan Stall = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Serve_KilledMidQueue_FinishesEveryRunExactlyOnceAfterRestart()
    {
        using var home = new TempDirectory();
        // Each run must last long enough (about 0.3 s here) that the kill finds runs queued and one running: at 14
        // qubits the tile engine finished all twenty before the kill landed.
        var circuit = Experiments.Heavy(qubits: 20, layers: 40);
        var ids = new List<string>();
        var key = await ServeProcess.CreateAdminKeyAsync(home.Path);

        using (var first = await ServeProcess.StartAsync(home.Path, "--lease-seconds", "2", "--workers", "2"))
        {
            using var client = first.ClientWith(key);
            for (var i = 0; i < Runs; i++)
            {
                using var content = new StringContent(Experiments.Json(circuit, shots: 2000, name: $"heavy-{i}", seed: (ulong)i), Encoding.UTF8, "application/json");
                using var response = await client.PostAsync("/api/v1/runs", content);
                Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
                ids.Add((await response.Content.ReadFromJsonAsync<Run>(ApiJson.Options))!.Id);
            }

            await Eventually.WaitForProgressAsync(
                () => CountAsync(client, RunState.Succeeded),
                succeeded => succeeded >= 2,
                "some runs to succeed before the kill",
                Stall);
            await first.KillAsync();
        }

        var beforeRestart = await StatesAsync(home.Path);
        Assert.Contains(beforeRestart, s => !s.Equals("succeeded", StringComparison.OrdinalIgnoreCase));

        // A run the killed process held keeps its lease until expiry: the path this test is about.
        Assert.Contains(beforeRestart, s => s.Equals("running", StringComparison.OrdinalIgnoreCase));

        using var second = await ServeProcess.StartAsync(home.Path, "--lease-seconds", "2", "--workers", "2");
        using var again = second.ClientWith(key);
        await Eventually.WaitForProgressAsync(
            () => CountAsync(again, RunState.Succeeded),
            succeeded => succeeded == Runs,
            "every run to succeed after the restart",
            Stall);

        foreach (var id in ids)
        {
            var result = await again.GetFromJsonAsync<RunResult>($"/api/v1/runs/{id}/results", ApiJson.Options);
            Assert.Equal(2000, Assert.Single(result!.Points).Counts.Values.Sum());
        }

        await using var connection = new SqliteConnection($"Data Source={Path.Combine(home.Path, "qxm.db")};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        Assert.Equal(Runs, await ScalarAsync(connection, "SELECT COUNT(*) FROM results"));
        Assert.Equal(Runs, await ScalarAsync(connection, "SELECT COUNT(DISTINCT run_id) FROM results"));
        Assert.Equal(Runs, await ScalarAsync(connection, "SELECT COUNT(*) FROM run_transitions WHERE lower(to_state) = 'succeeded'"));
    }

    private static async Task<int> CountAsync(HttpClient client, RunState state)
    {
        var runs = await client.GetFromJsonAsync<List<Run>>("/api/v1/runs?limit=1000", ApiJson.Options);
        return runs!.Count(r => r.State == state);
    }

    private static async Task<List<string>> StatesAsync(string home)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(home, "qxm.db")};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT state FROM runs";
        await using var reader = await command.ExecuteReaderAsync();
        var states = new List<string>();
        while (await reader.ReadAsync())
        {
            states.Add(reader.GetString(0));
        }

        return states;
    }

    private static async Task<long> ScalarAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
