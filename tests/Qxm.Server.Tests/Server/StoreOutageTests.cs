using System.Net;
using System.Text;
using Microsoft.Data.Sqlite;
using Npgsql;
using Qxm.Domain.Runs;
using Qxm.Server.Tests.Support;
using Qxm.Tests.Shared;

namespace Qxm.Server.Tests.Server;

/// <summary>The store failing as a backend can (issue 11): requests during the outage are answered 503 with Retry-After,
/// never 500; the CLI retries through it; workers resume by themselves once the store is back.</summary>
public sealed class StoreOutageTests
{
    [SkippableFact]
    public async Task Postgres_Outage_503WithRetryAfter_CliRetries_WorkersResume()
    {
        TestPostgres.SkipUnlessAvailable();
        var store = await TestPostgres.CreateDatabaseAsync();
        var target = new NpgsqlConnectionStringBuilder(store);
        await using var proxy = new TcpProxy(target.Host!, target.Port);
        // No pooled connection outlives a cut for long, and a connection attempt fails fast.
        var proxied = new NpgsqlConnectionStringBuilder(store) { Port = proxy.Port, Timeout = 3 }.ToString();
        try
        {
            await using var server = await RunningServer.StartAsync(noAuth: true, configure: o => o with
            {
                Store = proxied,
                Limits = o.Limits with { OutageRetryAfter = TimeSpan.FromSeconds(1) },
                Engine = o.Engine with { IdlePoll = TimeSpan.FromMilliseconds(200) },
            });
            var before = await server.SubmitAcceptedAsync(Experiments.Json(Experiments.BellCircuit, shots: 100, name: "before"), "application/json");
            Assert.Equal(RunState.Succeeded, (await server.WaitUntilFinishedAsync(before.Id)).State);

            proxy.StartOutage();
            using (var during = await server.SubmitAsync(Experiments.Json(Experiments.BellCircuit, shots: 100, name: "during"), "application/json"))
            {
                var problem = await Problem.ReadAsync(during, HttpStatusCode.ServiceUnavailable);
                Assert.Equal("urn:qxm:problem:store-unavailable", problem.GetProperty("type").GetString());
                Assert.Equal(TimeSpan.FromSeconds(1), during.Headers.RetryAfter?.Delta);
            }

            using (var listing = await server.Client.GetAsync("/api/v1/runs"))
            {
                await Problem.ReadAsync(listing, HttpStatusCode.ServiceUnavailable);
            }

            // The CLI is told 503 and retries; the store comes back while it waits.
            var experiment = Path.Combine(server.Home, "retry.json");
            await File.WriteAllTextAsync(experiment, Experiments.Json(Experiments.BellCircuit, shots: 100, name: "retried"));
            // The server runs without authentication (this test is about the store), so the CLI sends no key.
            var cli = CliOutcome.RunAsync("--server", server.Url.ToString(), "submit", experiment, "--output", "json");
            await Task.Delay(TimeSpan.FromSeconds(1.5));
            proxy.EndOutage();
            var submitted = await cli;
            Assert.True(submitted.ExitCode == 0, submitted.ToString());

            var after = await server.SubmitAcceptedAsync(Experiments.Json(Experiments.BellCircuit, shots: 100, name: "after"), "application/json");
            Assert.Equal(RunState.Succeeded, (await server.WaitUntilFinishedAsync(after.Id)).State);
            var runs = await server.ListRunsAsync();
            Assert.Single(runs, r => r.Name == "retried");
            await Eventually.WaitForAsync(async () => (await server.ListRunsAsync()).Count(r => r.State == RunState.Succeeded), n => n == 3, "every run to succeed");
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await TestPostgres.DropDatabaseAsync(store);
        }
    }

    [Fact]
    public async Task Sqlite_LockedDatabase_503WithRetryAfter_ThenServes()
    {
        await using var server = await RunningServer.StartAsync(configure: o => o with
        {
            Limits = o.Limits with { RequestTimeout = TimeSpan.FromSeconds(2) },
        });
        await using (var locker = new SqliteConnection($"Data Source={Path.Combine(server.Home, "qxm.db")};Pooling=False"))
        {
            await locker.OpenAsync();
            await using (var exclusive = locker.CreateCommand())
            {
                exclusive.CommandText = "BEGIN EXCLUSIVE";
                await exclusive.ExecuteNonQueryAsync();
            }

            using var during = await server.SubmitAsync(Experiments.Json(Experiments.BellCircuit, shots: 100, name: "locked"), "application/json");
            await Problem.ReadAsync(during, HttpStatusCode.ServiceUnavailable);
            Assert.NotNull(during.Headers.RetryAfter);
        }

        var after = await server.SubmitAcceptedAsync(Experiments.Json(Experiments.BellCircuit, shots: 100, name: "unlocked"), "application/json");
        Assert.Equal(RunState.Succeeded, (await server.WaitUntilFinishedAsync(after.Id)).State);
    }
}
