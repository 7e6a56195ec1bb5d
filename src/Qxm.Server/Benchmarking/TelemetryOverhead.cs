using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Qxm.Domain.Backends;
using Qxm.Domain.Runs;
using Qxm.Server.Composition;

namespace Qxm.Server.Benchmarking;

/// <summary><c>qxm bench-service --telemetry-overhead</c>: submission throughput and tiny-run latency with metrics and
/// tracing on and off, in alternating rounds (off, on, then on, off, ...) in one process after a discarded warm-up round of
/// each, so drift of a shared machine falls on both alike and neither mode is charged for the JIT; each figure is the median over the rounds. Beside wall-clock rates it reports the process's CPU
/// time per submission and per tiny run (server and in-process client together), which other processes' load disturbs
/// far less than throughput on a shared machine.</summary>
public static class TelemetryOverhead
{
    private const string TinyExperiment =
        """{"name":"tiny","circuit":{"source":"OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[1];\ncreg c[1];\nh q[0];\nmeasure q -> c;\n"},"shots":100,"seed":1}""";

    public static async Task<TelemetryOverheadReport> RunAsync(
        int rounds, int submissions, int clients, int latencySamples, Action<string> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(progress);
        var scratch = Directory.CreateTempSubdirectory("qxm-bench-telemetry-").FullName;
        var figures = new Dictionary<bool, List<Measured>> { [false] = [], [true] = [] };
        try
        {
            // A discarded warm-up round of each mode first: the JIT compiles (and tiers up) the code of both modes, the
            // telemetry SDK's included, so no measured round pays for compiling code the other mode never runs.
            foreach (var on in new[] { false, true })
            {
                _ = await MeasureAsync(Path.Combine(scratch, $"warm-up-{on}"), on, submissions, clients, latencySamples, cancellationToken);
                progress($"warm-up, telemetry {(on ? "on" : "off")}: done");
            }

            for (var round = 0; round < rounds; round++)
            {
                foreach (var on in round % 2 == 0 ? new[] { false, true } : [true, false])
                {
                    var measured = await MeasureAsync(Path.Combine(scratch, $"{round}-{on}"), on, submissions, clients, latencySamples, cancellationToken);
                    figures[on].Add(measured);
                    progress(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                        $"round {round + 1}/{rounds}, telemetry {(on ? "on" : "off")}: {measured.Rate:0} submissions/s ({measured.CpuPerSubmission:0.000} CPU ms each), queue run at {measured.DrainRate:0} runs/s ({measured.CpuPerQueuedRun:0.000} CPU ms each), tiny run p50 {measured.P50:0.0} ms, p99 {measured.P99:0.0} ms ({measured.CpuPerRun:0.00} CPU ms each)"));
                }
            }
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }

        // Each round measures both modes back to back, so a round's on/off ratio sees the same machine; the median of
        // those ratios is steadier on a shared machine than the ratio of the two modes' medians.
        double RatioMedian(Func<Measured, double> figure) =>
            MedianOf(figures[false].Zip(figures[true]).Where(p => figure(p.First) > 0).Select(p => figure(p.Second) / figure(p.First)));
        var ratios = new TelemetryOverheadRatios(
            RatioMedian(f => f.Rate), RatioMedian(f => f.CpuPerSubmission), RatioMedian(f => f.DrainRate), RatioMedian(f => f.CpuPerQueuedRun),
            RatioMedian(f => f.P50), RatioMedian(f => f.CpuPerRun));

        TelemetryOverheadFigures Median(bool on) => new(
            MedianOf(figures[on].Select(f => f.Rate)), MedianOf(figures[on].Select(f => f.P50)), MedianOf(figures[on].Select(f => f.P99)),
            MedianOf(figures[on].Select(f => f.CpuPerSubmission)), MedianOf(figures[on].Select(f => f.CpuPerRun)),
            MedianOf(figures[on].Select(f => f.DrainRate)), MedianOf(figures[on].Select(f => f.CpuPerQueuedRun)));
        return new TelemetryOverheadReport(rounds, submissions, clients, latencySamples, Median(false), Median(true), ratios);
    }

    private static async Task<Measured> MeasureAsync(
        string home, bool telemetry, int submissions, int clients, int latencySamples, CancellationToken cancellationToken)
    {
        var app = await QxmServer.BuildAsync(
            new ServerOptions
            {
                Urls = "http://127.0.0.1:0",
                Home = home,
                MinimumLogLevel = LogLevel.Error,
                Metrics = telemetry,
                Tracing = telemetry,
                DeliverWebhooks = false,
                // Telemetry is what is measured: authentication and the per-principal rate limit (which 32 clients from
                // one address trip) stay out of both modes alike.
                NoAuth = true,
                Limits = new() { RequestsPerSecond = 0 },
            },
            cancellationToken);
        await using (app)
        {
            await app.StartAsync(cancellationToken);
            using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = QxmServer.ListeningUrl(app) };
            var runtime = app.Services.GetRequiredService<QxmRuntime>();
            try
            {
                // Warm up (JIT, pools, connections) with the workers running, as in service.
                await SubmitManyAsync(client, clients * 4, clients, cancellationToken);
                await DrainedAsync(runtime, cancellationToken);
                var backend = (await runtime.Service.ListAsync(new(Limit: 1), cancellationToken))[0].Backend;
                using var process = Process.GetCurrentProcess();

                // Submissions with the backend held, so the CPU and time counted are the submission path's alone: with the
                // workers running beside them, how many runs happen to execute inside the window would vary between rounds.
                _ = await runtime.Engine.Queue.ControlBackendAsync(backend, BackendControlMode.Held, "telemetry benchmark", "bench", cancellationToken);
                var cpu = process.TotalProcessorTime;
                var clock = Stopwatch.StartNew();
                await SubmitManyAsync(client, submissions, clients, cancellationToken);
                var rate = submissions / clock.Elapsed.TotalSeconds;
                process.Refresh();
                var cpuPerSubmission = (process.TotalProcessorTime - cpu).TotalMilliseconds / submissions;

                // Then the queue they left, run through dispatch, the simulator and ingest.
                cpu = process.TotalProcessorTime;
                clock.Restart();
                _ = await runtime.Engine.Queue.ReleaseBackendAsync(backend, cancellationToken);
                await DrainedAsync(runtime, cancellationToken);
                var drainRate = submissions / clock.Elapsed.TotalSeconds;
                process.Refresh();
                var cpuPerQueuedRun = (process.TotalProcessorTime - cpu).TotalMilliseconds / submissions;

                var samples = new List<double>();
                // Told of the run's end by the worker rather than reading it every millisecond: the reads' CPU (more of it the
                // slower a run) would be counted as the run's.
                var ended = ServiceBenchmark.EndedWait(runtime);
                process.Refresh();
                cpu = process.TotalProcessorTime;
                for (var i = 0; i < latencySamples; i++)
                {
                    var one = Stopwatch.StartNew();
                    await ended(await SubmitOneAsync(client, cancellationToken), cancellationToken);
                    samples.Add(one.Elapsed.TotalMilliseconds);
                }

                process.Refresh();
                var cpuPerRun = (process.TotalProcessorTime - cpu).TotalMilliseconds / latencySamples;
                var latency = LatencyFigures.Of(samples);
                return new Measured(rate, latency.P50Milliseconds, latency.P99Milliseconds, cpuPerSubmission, cpuPerRun, drainRate, cpuPerQueuedRun);
            }
            finally
            {
                await app.StopAsync(CancellationToken.None);
            }
        }
    }

    private static async Task SubmitManyAsync(HttpClient client, int count, int clients, CancellationToken cancellationToken) =>
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = clients, CancellationToken = cancellationToken },
            async (_, token) => await SubmitOneAsync(client, token));

    private static async Task<string> SubmitOneAsync(HttpClient client, CancellationToken cancellationToken)
    {
        // The client stands in for callers in other processes: its own HttpClient spans are their cost, not the server's.
        using var untraced = OpenTelemetry.SuppressInstrumentationScope.Begin();
        using var content = new StringContent(TinyExperiment, Encoding.UTF8, "application/json");
        using var response = await client.PostAsync("/api/v1/runs", content, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"submission refused ({(int)response.StatusCode}): {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }

        var location = response.Headers.Location?.ToString() ?? throw new InvalidOperationException("a 202 without Location");
        return location[(location.LastIndexOf('/') + 1)..];
    }

    private sealed record Measured(double Rate, double P50, double P99, double CpuPerSubmission, double CpuPerRun, double DrainRate, double CpuPerQueuedRun);

    /// <summary>Until no run is queued or running.</summary>
    private static async Task DrainedAsync(QxmRuntime runtime, CancellationToken cancellationToken)
    {
        while ((await runtime.Service.ListAsync(new(State: RunState.Queued, Limit: 1), cancellationToken)).Count > 0
            || (await runtime.Service.ListAsync(new(State: RunState.Running, Limit: 1), cancellationToken)).Count > 0)
        {
            await Task.Delay(20, cancellationToken);
        }
    }

    private static double MedianOf(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
