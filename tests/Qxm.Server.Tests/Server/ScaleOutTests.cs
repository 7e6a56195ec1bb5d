using System.Globalization;
using System.Text;
using Npgsql;
using Qxm.Server.Tests.Support;
using Qxm.Tests.Shared;
using Xunit.Abstractions;

namespace Qxm.Server.Tests.Server;

/// <summary>Several <c>qxm serve</c> processes over one PostgreSQL database: every run succeeds exactly once although an
/// instance dies mid-way, and dispatches follow the tenants' weights while all of them have work queued.</summary>
public sealed class ScaleOutTests(ITestOutputHelper output)
{
    private const int RunsPerTenant = 400;
    private static readonly (string Tenant, double Weight)[] Tenants = [("t1", 1), ("t2", 1), ("t3", 2), ("t4", 4), ("t5", 8)];

    [SkippableFact]
    public async Task ThreeInstances_OneKilled_EveryRunSucceedsOnceAndSharesFollowWeights()
    {
        TestPostgres.SkipUnlessAvailable();
        var store = await TestPostgres.CreateDatabaseAsync();
        try
        {
            await RunScenarioAsync(store);
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(store);
        }
    }

    private async Task RunScenarioAsync(string store)
    {
        using var home = new TempDirectory();
        await File.WriteAllTextAsync(Path.Combine(home.Path, "tenants.yaml"),
            "tenants:\n" + string.Concat(Tenants.Select(t => $"  - id: {t.Tenant}\n    weight: {t.Weight.ToString(CultureInfo.InvariantCulture)}\n")));
        const string Circuit = "OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[1];\ncreg c[1];\nx q[0];\nmeasure q -> c;\n";

        var key = await ServeProcess.CreateAdminKeyAsync(home.Path, store);

        // An API-only instance takes the whole backlog first, so that every tenant has work queued when dispatch starts.
        using (var api = await ServeProcess.StartAsync(home.Path, "--store", store, "--no-workers", "--requests-per-second", "0"))
        {
            using var client = api.ClientWith(key);
            var submissions = Enumerable.Range(0, RunsPerTenant).SelectMany(i => Tenants.Select(t => (t.Tenant, Seed: i)));
            await Parallel.ForEachAsync(submissions, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (submission, cancellationToken) =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/runs")
                {
                    Content = new StringContent(Experiments.Json(Circuit, shots: 100, name: "tiny", seed: (ulong)submission.Seed), Encoding.UTF8, "application/json"),
                };
                request.Headers.Add("X-Qxm-Tenant", submission.Tenant);
                using var response = await client.SendAsync(request, cancellationToken);
                Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
            });
        }

        var total = RunsPerTenant * Tenants.Length;
        string[] workerArguments = ["--store", store, "--lease-seconds", "2", "--workers", "2"];
        using var first = await ServeProcess.StartAsync(home.Path, workerArguments);
        using var doomed = await ServeProcess.StartAsync(home.Path, workerArguments);
        using var third = await ServeProcess.StartAsync(home.Path, workerArguments);
        await Eventually.WaitForAsync(() => CountAsync(store, "SELECT COUNT(*) FROM runs WHERE state = 'Succeeded'"), n => n >= total / 4,
            "a quarter of the runs to succeed", TimeSpan.FromSeconds(120));
        await doomed.KillAsync();
        await Eventually.WaitForAsync(() => CountAsync(store, "SELECT COUNT(*) FROM runs WHERE state = 'Succeeded'"), n => n == total,
            "every run to succeed", TimeSpan.FromSeconds(240));

        Assert.Equal(total, await CountAsync(store, "SELECT COUNT(*) FROM results"));
        Assert.Equal(total, await CountAsync(store, "SELECT COUNT(DISTINCT run_id) FROM results"));
        Assert.Equal(total, await CountAsync(store, "SELECT COUNT(*) FROM run_transitions WHERE to_state = 'Succeeded'"));
        Assert.Equal(0, await CountAsync(store, "SELECT COUNT(*) FROM runs WHERE state <> 'Succeeded'"));

        // Four instances (one killed mid-way) appended to one audit chain at once: it holds every transition and verifies intact.
        var verified = await CliOutcome.RunAsync("audit", "verify", "--home", home.Path, "--store", store);
        Assert.True(verified.ExitCode == 0, verified.ToString());
        Assert.Equal(await CountAsync(store, "SELECT COUNT(*) FROM run_transitions"), await CountAsync(store, "SELECT COUNT(*) FROM audit_events WHERE object_type = 'run'"));

        var dispatches = await DispatchOrderAsync(store);
        var dispatchedOnce = new HashSet<string>(StringComparer.Ordinal);
        var firstDispatches = Tenants.ToDictionary(t => t.Tenant, _ => 0, StringComparer.Ordinal);
        var window = dispatches.Count;
        for (var i = 0; i < dispatches.Count; i++)
        {
            if (dispatchedOnce.Add(dispatches[i].RunId) && ++firstDispatches[dispatches[i].Tenant] == RunsPerTenant)
            {
                // From here on this tenant has nothing left queued: fair share is only owed while everyone waits.
                window = i;
                break;
            }
        }

        var totalWeight = Tenants.Sum(t => t.Weight);
        var inWindow = dispatches.Take(window).GroupBy(d => d.Tenant).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var report = string.Join(", ", Tenants.Select(t => $"{t.Tenant}: {inWindow.GetValueOrDefault(t.Tenant) / (double)window:0.000} (weight share {t.Weight / totalWeight:0.000})"));
        output.WriteLine($"{dispatches.Count} dispatches for {total} runs; over the first {window}: {report}");
        Assert.True(window >= 500, $"the contended window is only {window} dispatches long");
        foreach (var (tenant, weight) in Tenants)
        {
            var share = inWindow.GetValueOrDefault(tenant) / (double)window;
            Assert.True(Math.Abs(share - weight / totalWeight) <= 0.05, $"over the first {window} dispatches: {report}");
        }
    }

    private static async Task<long> CountAsync(string store, string sql)
    {
        await using var connection = new NpgsqlConnection(store);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    private static async Task<List<(string RunId, string Tenant)>> DispatchOrderAsync(string store)
    {
        await using var connection = new NpgsqlConnection(store);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            SELECT t.run_id, r.tenant FROM run_transitions t JOIN runs r ON r.id = t.run_id
            WHERE t.to_state = 'Running' ORDER BY t.at, t.run_id
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var order = new List<(string, string)>();
        while (await reader.ReadAsync())
        {
            order.Add((reader.GetString(0), reader.GetString(1)));
        }

        return order;
    }
}
