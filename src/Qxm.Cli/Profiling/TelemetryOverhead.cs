using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Qxm.Cli.Profiling;

/// <summary><c>qxm bench-service --telemetry-overhead</c>: what metrics and tracing cost a <c>qxm serve</c>, as on/off
/// ratios over many short rounds. Each round starts both modes, each in a fresh server process with a fresh data
/// directory, warms both up until their JIT has settled, and then alternates them window by window (off-on, on-off, ...),
/// so the two modes of a round see the same machine within a fraction of a second however the load of a shared machine
/// moves. The server's own CPU time (not the load generator's, which runs here) is counted per request. The ratios'
/// median comes with its quartiles and a bootstrap interval, so a reader sees whether the rounds resolve a 5 % difference.</summary>
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
                // Each round's servers leave thousands of runs' files: deleted as the round ends (its servers have exited),
                // not all rounds' at the end, where it took minutes.
                var home = Path.Combine(scratch, round.ToString(CultureInfo.InvariantCulture));
                Dictionary<bool, Measured> measured;
                try
                {
                    measured = await MeasureRoundAsync(home, round, options, cancellationToken);
                }
                finally
                {
                    if (Directory.Exists(home))
                    {
                        Directory.Delete(home, recursive: true);
                    }
                }

                foreach (var on in round % 2 == 0 ? new[] { false, true } : [true, false])
                {
                    var figures = measured[on];
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

    /// <summary>One round: both modes up, warmed, then measured in alternating windows (ABBA), so a change of the
    /// machine's load during the round falls on both alike.</summary>
    private static async Task<Dictionary<bool, Measured>> MeasureRoundAsync(string home, int round, TelemetryOverheadOptions options, CancellationToken cancellationToken)
    {
        bool[] order = round % 2 == 0 ? [false, true] : [true, false];
        using var first = await OverheadServer.StartAsync(Path.Combine(home, order[0] ? "on" : "off"), order[0], cancellationToken);
        using var second = await OverheadServer.StartAsync(Path.Combine(home, order[1] ? "on" : "off"), order[1], cancellationToken);
        OverheadServer[] servers = [first, second];
        OverheadServer[] reversed = [second, first];
        foreach (var server in servers)
        {
            await WarmUpAsync(server, options, cancellationToken);
        }

        // Submissions with the backend held, so what is counted is the submission path's alone.
        foreach (var server in servers)
        {
            await PostAsync(server.Client, $"/api/v1/backends/{server.Backend}/hold", cancellationToken);
            await IdleAsync(server.Server, cancellationToken);
        }

        var windows = Math.Max(1, Math.Min(options.Windows, options.Submissions));
        for (var window = 0; window < windows; window++)
        {
            var count = (options.Submissions / windows) + (window < options.Submissions % windows ? 1 : 0);
            foreach (var server in window % 2 == 0 ? servers : reversed)
            {
                await server.SubmissionWindowAsync(count, client => SubmitManyAsync(client, count, options.Clients, cancellationToken));
            }
        }

        // The queue the submissions left, through dispatch, the simulator and ingest, one mode after the other.
        var queued = new Dictionary<bool, (double PerSecond, double CpuEach)>();
        foreach (var server in servers)
        {
            await IdleAsync(server.Server, cancellationToken);
            var cpu = server.Server.ReadCpu();
            var clock = Stopwatch.StartNew();
            await PostAsync(server.Client, $"/api/v1/backends/{server.Backend}/release", cancellationToken);
            await DrainedAsync(server.Client, cancellationToken);
            queued[server.Telemetry] = (server.Submissions / clock.Elapsed.TotalSeconds, server.Server.CpuSince(cpu).TotalMilliseconds / server.Submissions);
        }

        foreach (var server in servers)
        {
            await IdleAsync(server.Server, cancellationToken);
        }

        // Single tiny runs, the modes alternating run by run.
        for (var i = 0; i < options.TinyRuns; i++)
        {
            foreach (var server in i % 2 == 0 ? servers : reversed)
            {
                await server.TinyRunAsync(client => OneRunAsync(client, cancellationToken));
            }
        }

        return servers.ToDictionary(s => s.Telemetry, s =>
        {
            var latencies = s.TinyRunLatencies.Order().ToArray();
            return new Measured(
                s.Submissions / s.SubmissionTime.TotalSeconds, s.SubmissionCpu.TotalMilliseconds / s.Submissions,
                queued[s.Telemetry].PerSecond, queued[s.Telemetry].CpuEach,
                latencies[latencies.Length / 2], latencies[Math.Min(latencies.Length - 1, (int)Math.Ceiling(latencies.Length * 0.99) - 1)],
                s.TinyRunCpu.TotalMilliseconds / latencies.Length);
        });
    }

    /// <summary>The runtime promotes a method to optimized code after 30 calls once 100 ms pass without new methods being
    /// compiled, so bursts separated by idle pauses let each burst's code tier up before the next, and the measured windows
    /// run settled code in both modes. Learns the backend the tiny experiment goes to.</summary>
    private static async Task WarmUpAsync(OverheadServer server, TelemetryOverheadOptions options, CancellationToken cancellationToken)
    {
        var client = server.Client;
        for (var burst = 0; burst < options.WarmUpBursts; burst++)
        {
            await SubmitManyAsync(client, options.WarmUpSubmissions, options.Clients, cancellationToken);
            await DrainedAsync(client, cancellationToken);
            for (var i = 0; i < Math.Min(20, options.WarmUpSubmissions); i++)
            {
                _ = await OneRunAsync(client, cancellationToken);
            }

            await IdleAsync(server.Server, cancellationToken);
        }

        server.Backend = await BackendOfAsync(client, await SubmitOneAsync(client, cancellationToken), cancellationToken);
        await DrainedAsync(client, cancellationToken);
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
