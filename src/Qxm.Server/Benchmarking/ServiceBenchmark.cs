using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Qxm.Domain.Runs;
using Qxm.Domain.Security;
using Qxm.Engine.Security;
using Qxm.Engine.Scheduling;
using Qxm.Server.Composition;
using Qxm.Storage.Postgres;

namespace Qxm.Server.Benchmarking;

/// <summary><c>qxm bench-service</c>: the service's throughput and latency on each store, measured over real HTTP on
/// loopback against a server in this process, next to the machine's load and a disk-flush probe, because durable
/// figures are bounded by how fast the disk flushes and absolute times drift on a shared machine.</summary>
public static class ServiceBenchmark
{
    private const string TinyExperiment =
        """{"name":"tiny","circuit":{"source":"OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[1];\ncreg c[1];\nh q[0];\nmeasure q -> c;\n"},"shots":100,"seed":1}""";

    public static async Task<ServiceBenchmarkReport> RunAsync(ServiceBenchmarkOptions options, Action<string> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(progress);
        var scratch = Directory.CreateTempSubdirectory("qxm-bench-").FullName;
        try
        {
            progress("probing the machine (load, disk flushes)");
            var machine = ProbeMachine(scratch);
            var stores = new List<StoreFigures> { await MeasureStoreAsync("sqlite", scratch, null, options, progress, cancellationToken) };
            if (options.Postgres is { } postgres)
            {
                stores.Add(await MeasureStoreAsync("postgres", scratch, postgres, options, progress, cancellationToken));
            }

            var authentication = await MeasureAuthenticationAsync(scratch, options, progress, cancellationToken);
            progress($"timing scheduling decisions with {options.QueuedForScheduling:N0} runs queued");
            var scheduling = MeasureScheduling(options.QueuedForScheduling);
            var loop = options.LoopIterations > 0 ? await LoopBenchmark.MeasureAsync(scratch, options.LoopIterations, progress, cancellationToken) : null;
            return new ServiceBenchmarkReport(machine, stores, scheduling, options.QueuedForScheduling, authentication) { LoopLatency = loop, LoopIterations = options.LoopIterations };
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    private static async Task<StoreFigures> MeasureStoreAsync(
        string name, string scratch, string? postgres, ServiceBenchmarkOptions options, Action<string> progress, CancellationToken cancellationToken)
    {
        // Each measurement starts from an empty store, so one's backlog does not slow the next.
        progress($"{name}: {options.Submissions:N0} submissions from {options.Clients} clients");
        var wrk = WrkLoad.Find();
        var (rate, submissionLatency) = await WithServerAsync(scratch, name + "-submit", postgres, runWorkers: false, async (client, _) =>
        {
            // Warm up first (JIT, connection pools, the clients' connections), as any benchmark harness does.
            await SubmitManyAsync(client, options.Clients * 8, options.Clients, cancellationToken);
            if (wrk is null)
            {
                return await SubmitManyAsync(client, options.Submissions, options.Clients, cancellationToken);
            }

            var authorization = client.DefaultRequestHeaders.Authorization?.ToString();
            await WrkLoad.RunAsync(wrk, client.BaseAddress!, TinyExperiment, authorization, options.Clients, TimeSpan.FromSeconds(2), cancellationToken);
            return await WrkLoad.RunAsync(wrk, client.BaseAddress!, TinyExperiment, authorization, options.Clients, SubmissionWindow(options.Submissions), cancellationToken);
        }, cancellationToken);

        progress($"{name}: {options.TinyRuns:N0} tiny runs from submission to succeeded");
        var tinySeconds = await WithServerAsync(scratch, name + "-tiny", postgres, runWorkers: true, async (client, runtime) =>
        {
            var first = DateTimeOffset.UtcNow;
            await SubmitManyAsync(client, options.TinyRuns, options.Clients, cancellationToken);
            // Reading every run back is itself work for the server, so it is done rarely; the time is the last run's
            // own Succeeded stamp, not when the poll noticed it.
            IReadOnlyList<Run> done;
            while ((done = await runtime.Service.ListAsync(new(State: RunState.Succeeded, Limit: options.TinyRuns), cancellationToken)).Count < options.TinyRuns)
            {
                // A run that failed never succeeds: the figure would never come, so the benchmark stops with its reason.
                if ((await runtime.Service.ListAsync(new(State: RunState.Failed, Limit: 1), cancellationToken)) is [var failed, ..])
                {
                    throw new InvalidOperationException($"tiny run {failed.Id} failed, so the drain has no time: {failed.Error}");
                }

                await Task.Delay(200, cancellationToken);
            }

            return (done.Max(r => r.UpdatedAt) - first).TotalSeconds;
        }, cancellationToken);

        progress($"{name}: {options.LatencySamples} single tiny runs, one at a time");
        var single = await WithServerAsync(scratch, name + "-single", postgres, runWorkers: true, async (client, runtime) =>
        {
            var samples = new List<double>();
            var ended = EndedWait(runtime);
            for (var i = 0; i < options.LatencySamples; i++)
            {
                var clock = Stopwatch.StartNew();
                await ended(await SubmitOneAsync(client, cancellationToken), cancellationToken);
                samples.Add(clock.Elapsed.TotalMilliseconds);
            }

            return LatencyFigures.Of(samples);
        }, cancellationToken);

        return new StoreFigures(name, rate, submissionLatency, options.TinyRuns, tinySeconds, single, wrk is null ? "HttpClient" : WrkLoad.Name);
    }

    /// <summary>Durable submissions per second on SQLite with authentication on and off, in alternating rounds against two
    /// servers running side by side, so a shared machine's drift falls on both alike.</summary>
    private static async Task<AuthenticationFigures> MeasureAuthenticationAsync(
        string scratch, ServiceBenchmarkOptions options, Action<string> progress, CancellationToken cancellationToken)
    {
        var perRound = Math.Max(200, options.Submissions / 10);
        progress($"authentication cost: {options.AuthRounds} alternating rounds of {perRound:N0} submissions with API keys on and off");
        return await WithServerAsync(scratch, "auth-on", null, runWorkers: false, async (on, _) =>
            await WithServerAsync(scratch, "auth-off", null, runWorkers: false, async (off, _) =>
            {
                await SubmitManyAsync(on, options.Clients * 8, options.Clients, cancellationToken);
                await SubmitManyAsync(off, options.Clients * 8, options.Clients, cancellationToken);
                var withKeys = new List<double>();
                var without = new List<double>();
                for (var round = 0; round < options.AuthRounds; round++)
                {
                    // Which goes first alternates too, so neither always meets the other's leftover flushes.
                    var first = round % 2 == 0;
                    if (first)
                    {
                        without.Add((await SubmitManyAsync(off, perRound, options.Clients, cancellationToken)).Rate);
                    }

                    withKeys.Add((await SubmitManyAsync(on, perRound, options.Clients, cancellationToken)).Rate);
                    if (!first)
                    {
                        without.Add((await SubmitManyAsync(off, perRound, options.Clients, cancellationToken)).Rate);
                    }
                }

                return new AuthenticationFigures(without.Average(), withKeys.Average(), options.AuthRounds, perRound, without, withKeys);
            }, cancellationToken, authenticate: false), cancellationToken);
    }

    internal static async Task<T> WithServerAsync<T>(
        string scratch, string home, string? postgres, bool runWorkers, Func<HttpClient, QxmRuntime, Task<T>> measure, CancellationToken cancellationToken,
        bool authenticate = true, Action<IServiceProvider>? started = null)
    {
        if (postgres is not null)
        {
            await PostgresScratch.ResetAsync(postgres, cancellationToken);
        }

        var app = await QxmServer.BuildAsync(
            new ServerOptions
            {
                Urls = "http://127.0.0.1:0",
                Home = Path.Combine(scratch, home),
                Store = postgres,
                RunWorkers = runWorkers,
                // The unauthenticated server's start-up warning would land among the report's lines.
                MinimumLogLevel = authenticate ? LogLevel.Warning : LogLevel.Error,
                NoAuth = !authenticate,
                // 64 clients under one key would trip the per-principal rate limit; the service's own speed is measured.
                Limits = new() { RequestsPerSecond = 0 },
            },
            cancellationToken);
        await using (app)
        {
            await app.StartAsync(cancellationToken);
            started?.Invoke(app.Services);
            using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = QxmServer.ListeningUrl(app) };
            if (authenticate)
            {
                // A submitter's key, as a client would hold: every request pays the full authentication and authorization path.
                var issued = await app.Services.GetRequiredService<QxmRuntime>().Keys.CreateAsync(
                    new NewKeyRequest("bench", Role.Submitter, [Domain.Tenancy.Tenant.DefaultId]), "bench", cancellationToken);
                client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", issued.Issued!.Secret);
            }

            try
            {
                return await measure(client, app.Services.GetRequiredService<QxmRuntime>());
            }
            finally
            {
                await app.StopAsync(CancellationToken.None);
            }
        }
    }

    /// <summary>Waits until a run the server's workers execute has succeeded, woken by the worker that ends it (as a loop
    /// is, decision 0036); a run that ends otherwise fails the benchmark.</summary>
    internal static Func<string, CancellationToken, Task> EndedWait(QxmRuntime runtime)
    {
        var wait = Engine.Loops.LoopDriver.PollingWait(runtime.Service, TimeSpan.FromMilliseconds(50), runtime.Engine.Endings);
        return async (runId, cancellationToken) =>
        {
            var run = await wait(runId, cancellationToken);
            if (run.State != RunState.Succeeded)
            {
                throw new InvalidOperationException($"run {runId} ended {run.State}: {run.Error}");
            }
        };
    }

    private static async Task<(double Rate, LatencyFigures Latency)> SubmitManyAsync(HttpClient client, int count, int clients, CancellationToken cancellationToken)
    {
        var latencies = new ConcurrentBag<double>();
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = clients, CancellationToken = cancellationToken },
            async (_, token) =>
            {
                var one = Stopwatch.StartNew();
                await SubmitOneAsync(client, token);
                latencies.Add(one.Elapsed.TotalMilliseconds);
            });
        return (count / clock.Elapsed.TotalSeconds, LatencyFigures.Of([.. latencies]));
    }

    /// <summary>wrk runs for a time, not a count: long enough for about <paramref name="submissions"/> at a few thousand a
    /// second, at least five seconds.</summary>
    private static TimeSpan SubmissionWindow(int submissions) => TimeSpan.FromSeconds(Math.Max(5, submissions / 2000.0));

    private static async Task<string> SubmitOneAsync(HttpClient client, CancellationToken cancellationToken)
    {
        using var content = new StringContent(TinyExperiment, Encoding.UTF8, "application/json");
        using var response = await client.PostAsync("/api/v1/runs", content, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"submission refused ({(int)response.StatusCode}): {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }

        var location = response.Headers.Location?.ToString() ?? throw new InvalidOperationException("a 202 without Location");
        return location[(location.LastIndexOf('/') + 1)..];
    }

    private static LatencyFigures MeasureScheduling(int queued)
    {
        var policy = new SchedulingPolicy(new SchedulingOptions());
        var ready = new ReadyRuns();
        var usage = new UsageLedger(TimeSpan.FromHours(1));
        var weights = new Dictionary<string, double>(StringComparer.Ordinal) { ["t0"] = 1, ["t1"] = 1, ["t2"] = 2, ["t3"] = 4, ["t4"] = 8 };
        var start = DateTimeOffset.UtcNow;
        PriorityClass[] classes = [PriorityClass.High, PriorityClass.Normal, PriorityClass.Low];
        long sequence = 0;
        for (var i = 0; i < queued; i++)
        {
            ready.Add(new QueuedRunInfo($"r{i}", $"t{i % 5}", classes[i % 3], start, ++sequence, 100));
        }

        var samples = new List<double>(10_000);
        var now = start;
        for (var i = 0; i < 10_000; i++)
        {
            var clock = Stopwatch.GetTimestamp();
            var decision = policy.Decide(ready, usage, weights, [], now);
            SchedulingPolicy.Dispatch(ready, usage, decision.Run!.Value, now);
            samples.Add(Stopwatch.GetElapsedTime(clock).TotalMilliseconds);

            // Keep the queue at its size: a new run arrives for every one dispatched.
            ready.Add(new QueuedRunInfo($"n{i}", $"t{i % 5}", classes[i % 3], now, ++sequence, 100));
            now += TimeSpan.FromMilliseconds(10);
        }

        return LatencyFigures.Of(samples);
    }

    private static MachineProbe ProbeMachine(string directory)
    {
        double load = 0;
        const string LoadFile = "/proc/loadavg";
        if (File.Exists(LoadFile))
        {
            double.TryParse(File.ReadAllText(LoadFile).Split(' ')[0], NumberStyles.Float, CultureInfo.InvariantCulture, out load);
        }

        var path = Path.Combine(directory, "flush-probe");
        var block = new byte[4096];
        var samples = new List<double>();
        var clock = Stopwatch.StartNew();
        using (var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 4096, FileOptions.WriteThrough))
        {
            while (clock.Elapsed < TimeSpan.FromSeconds(1) && samples.Count < 2000)
            {
                var one = Stopwatch.GetTimestamp();
                file.Write(block);
                file.Flush(flushToDisk: true);
                samples.Add(Stopwatch.GetElapsedTime(one).TotalMilliseconds);
            }
        }

        File.Delete(path);
        return new MachineProbe(Environment.ProcessorCount, load, samples.Count / clock.Elapsed.TotalSeconds, LatencyFigures.Of(samples).P50Milliseconds);
    }
}
