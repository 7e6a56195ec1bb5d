using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Qxm.Cli.Profiling;

/// <summary><c>qxm bench-service --telemetry-overhead</c>: what metrics and tracing cost a <c>qxm serve</c>, as on/off
/// ratios over many short rounds. Each round measures both modes back to back (off-on, then on-off, alternating), each
/// mode in a fresh server process with a fresh data directory, warmed up until its JIT has settled; the server's own CPU
/// time (not the load generator's, which runs here) is counted per request. The ratios' median comes with its
/// quartiles and a bootstrap interval, so a reader sees whether the rounds resolve a 5 % difference.</summary>
internal static class TelemetryOverhead
{
    private const string TinyExperiment =
        """{"name":"tiny","circuit":{"source":"OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[1];\ncreg c[1];\nh q[0];\nmeasure q -> c;\n"},"shots":100,"seed":1}""";

    public static async Task<TelemetryOverheadReport> RunAsync(TelemetryOverheadOptions options, Action<string> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(progress);
        var loadBefore = LoadAverage();
        var rounds = new List<(Measured Off, Measured On)>();
        var scratch = Directory.CreateTempSubdirectory("qxm-bench-telemetry-").FullName;
        try
        {
            for (var round = 0; round < options.Rounds; round++)
            {
                var measured = new Dictionary<bool, Measured>();
                foreach (var on in round % 2 == 0 ? new[] { false, true } : [true, false])
                {
                    var figures = await MeasureAsync(Path.Combine(scratch, $"{round}-{(on ? "on" : "off")}"), on, options, cancellationToken);
                    measured[on] = figures;
                    progress(string.Create(CultureInfo.InvariantCulture,
                        $"round {round + 1}/{options.Rounds}, telemetry {(on ? "on " : "off")}: {figures.SubmissionsPerSecond,6:0} submissions/s, {figures.CpuPerSubmission:0.000} server CPU ms each; queue run at {figures.QueuedRunsPerSecond:0} runs/s, {figures.CpuPerQueuedRun:0.000} CPU ms each; tiny run p50 {figures.TinyRunP50:0.00} ms, {figures.CpuPerTinyRun:0.00} CPU ms each"));
                }

                rounds.Add((measured[false], measured[true]));
            }
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }

        RatioSpread Spread(Func<Measured, double> figure) =>
            RatioSpread.Of([.. rounds.Where(r => figure(r.Off) > 0).Select(r => figure(r.On) / figure(r.Off))]);
        TelemetryOverheadFigures Medians(Func<(Measured Off, Measured On), Measured> mode) => new(
            Median(rounds.Select(r => mode(r).SubmissionsPerSecond)), Median(rounds.Select(r => mode(r).CpuPerSubmission)),
            Median(rounds.Select(r => mode(r).QueuedRunsPerSecond)), Median(rounds.Select(r => mode(r).CpuPerQueuedRun)),
            Median(rounds.Select(r => mode(r).TinyRunP50)), Median(rounds.Select(r => mode(r).TinyRunP99)), Median(rounds.Select(r => mode(r).CpuPerTinyRun)));
        return new TelemetryOverheadReport(
            options, Environment.ProcessorCount, loadBefore, LoadAverage(), Medians(r => r.Off), Medians(r => r.On),
            new TelemetryOverheadRatios(
                Spread(f => f.SubmissionsPerSecond), Spread(f => f.CpuPerSubmission), Spread(f => f.QueuedRunsPerSecond),
                Spread(f => f.CpuPerQueuedRun), Spread(f => f.TinyRunP50), Spread(f => f.CpuPerTinyRun)));
    }

    private static async Task<Measured> MeasureAsync(string home, bool telemetry, TelemetryOverheadOptions options, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(home);
        using var server = await ChildServer.StartAsync(home, telemetry ? [] : ["--no-metrics", "--no-tracing"], cancellationToken);
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256, UseProxy = false }) { BaseAddress = server.Url };
        // The runtime promotes a method to optimized code after 30 calls once 100 ms pass without new methods being compiled,
        // so bursts separated by idle pauses let each burst's code tier up before the next, and the measured window runs
        // settled code in both modes.
        for (var burst = 0; burst < options.WarmUpBursts; burst++)
        {
            await SubmitManyAsync(client, options.WarmUpSubmissions, options.Clients, cancellationToken);
            await DrainedAsync(client, cancellationToken);
            for (var i = 0; i < Math.Min(20, options.WarmUpSubmissions); i++)
            {
                _ = await OneRunAsync(client, cancellationToken);
            }

            await IdleAsync(server, cancellationToken);
        }

        var backend = await BackendOfAsync(client, await SubmitOneAsync(client, cancellationToken), cancellationToken);
        await DrainedAsync(client, cancellationToken);
        await IdleAsync(server, cancellationToken);

        // Submissions with the backend held, so what is counted is the submission path's alone; then the queue they left,
        // through dispatch, the simulator and ingest, on its own.
        await PostAsync(client, $"/api/v1/backends/{backend}/hold", cancellationToken);
        var cpu = server.ReadCpu();
        var clock = Stopwatch.StartNew();
        await SubmitManyAsync(client, options.Submissions, options.Clients, cancellationToken);
        var submissionsPerSecond = options.Submissions / clock.Elapsed.TotalSeconds;
        var cpuPerSubmission = server.CpuSince(cpu).TotalMilliseconds / options.Submissions;

        cpu = server.ReadCpu();
        clock.Restart();
        await PostAsync(client, $"/api/v1/backends/{backend}/release", cancellationToken);
        await DrainedAsync(client, cancellationToken);
        var queuedRunsPerSecond = options.Submissions / clock.Elapsed.TotalSeconds;
        var cpuPerQueuedRun = server.CpuSince(cpu).TotalMilliseconds / options.Submissions;
        await IdleAsync(server, cancellationToken);

        var latencies = new List<double>(options.TinyRuns);
        cpu = server.ReadCpu();
        for (var i = 0; i < options.TinyRuns; i++)
        {
            latencies.Add(await OneRunAsync(client, cancellationToken));
        }

        var cpuPerTinyRun = server.CpuSince(cpu).TotalMilliseconds / options.TinyRuns;
        latencies.Sort();
        return new Measured(
            submissionsPerSecond, cpuPerSubmission, queuedRunsPerSecond, cpuPerQueuedRun,
            latencies[latencies.Count / 2], latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(latencies.Count * 0.99) - 1)], cpuPerTinyRun);
    }

    /// <summary>One tiny run, submission to success as the caller sees it, in milliseconds. The caller reads the run
    /// every millisecond, as a client that wants its result soon would; both modes read alike.</summary>
    private static async Task<double> OneRunAsync(HttpClient client, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var id = await SubmitOneAsync(client, cancellationToken);
        while (true)
        {
            using var document = await GetJsonAsync(client, $"/api/v1/runs/{id}", cancellationToken);
            var state = document.RootElement.GetProperty("state").GetString();
            if (string.Equals(state, "succeeded", StringComparison.OrdinalIgnoreCase))
            {
                return clock.Elapsed.TotalMilliseconds;
            }

            if (state is not null && !string.Equals(state, "queued", StringComparison.OrdinalIgnoreCase) && !string.Equals(state, "running", StringComparison.OrdinalIgnoreCase))
            {
                var error = document.RootElement.TryGetProperty("error", out var e) ? e.GetString() : null;
                throw new InvalidOperationException($"tiny run {id} ended {state}: {error}");
            }

            await Task.Delay(1, cancellationToken);
        }
    }

    private static async Task<string> BackendOfAsync(HttpClient client, string runId, CancellationToken cancellationToken)
    {
        using var document = await GetJsonAsync(client, $"/api/v1/runs/{runId}", cancellationToken);
        return document.RootElement.GetProperty("backend").GetString() ?? throw new InvalidOperationException($"run {runId} names no backend");
    }

    /// <summary>Until no run is queued or running, reading every 10 ms: a few reads against thousands of runs.</summary>
    private static async Task DrainedAsync(HttpClient client, CancellationToken cancellationToken)
    {
        while (true)
        {
            using var queued = await GetJsonAsync(client, "/api/v1/runs?state=queued&limit=1", cancellationToken);
            using var running = await GetJsonAsync(client, "/api/v1/runs?state=running&limit=1", cancellationToken);
            if (queued.RootElement.GetArrayLength() == 0 && running.RootElement.GetArrayLength() == 0)
            {
                return;
            }

            await Task.Delay(10, cancellationToken);
        }
    }

    /// <summary>Until the server spends under 5 % of a core for a quarter of a second (background compilation and the
    /// tail of the last work done), or 5 s have passed on a machine too busy to tell.</summary>
    private static async Task IdleAsync(ChildServer server, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        var quiet = TimeSpan.FromMilliseconds(250);
        while (deadline.Elapsed < TimeSpan.FromSeconds(5))
        {
            var before = server.ReadCpu();
            await Task.Delay(quiet, cancellationToken);
            if (server.CpuSince(before).TotalMilliseconds < quiet.TotalMilliseconds * 0.05)
            {
                return;
            }
        }
    }

    private static async Task SubmitManyAsync(HttpClient client, int count, int clients, CancellationToken cancellationToken) =>
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = clients, CancellationToken = cancellationToken },
            async (_, token) => await SubmitOneAsync(client, token));

    private static async Task<string> SubmitOneAsync(HttpClient client, CancellationToken cancellationToken)
    {
        using var content = new StringContent(TinyExperiment, Encoding.UTF8, "application/json");
        using var response = await client.PostAsync("/api/v1/runs", content, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            throw new InvalidOperationException($"submission refused ({(int)response.StatusCode}): {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }

        var location = response.Headers.Location?.ToString() ?? throw new InvalidOperationException("a 202 without Location");
        return location[(location.LastIndexOf('/') + 1)..];
    }

    private static async Task PostAsync(HttpClient client, string path, CancellationToken cancellationToken)
    {
        using var content = new StringContent("""{"reason":"telemetry benchmark"}""", Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(path, content, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }
    }

    private static async Task<JsonDocument> GetJsonAsync(HttpClient client, string path, CancellationToken cancellationToken)
    {
        using var response = await client.GetAsync(path, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"GET {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }

        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        return await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
    }

    private static double LoadAverage()
    {
        const string LoadFile = "/proc/loadavg";
        return File.Exists(LoadFile) && double.TryParse(File.ReadAllText(LoadFile).Split(' ')[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var load)
            ? load
            : 0;
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private sealed record Measured(
        double SubmissionsPerSecond, double CpuPerSubmission, double QueuedRunsPerSecond, double CpuPerQueuedRun, double TinyRunP50, double TinyRunP99,
        double CpuPerTinyRun);
}
