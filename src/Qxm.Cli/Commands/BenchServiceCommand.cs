using System.CommandLine;
using System.Globalization;
using Qxm.Cli.Profiling;
using Qxm.Server.Benchmarking;
using Spectre.Console;

namespace Qxm.Cli.Commands;

/// <summary><c>qxm bench-service</c>: submission throughput, end-to-end run throughput and latency per store, and the
/// scheduler's decision time, with the machine's load and disk-flush rate beside them.</summary>
internal static class BenchServiceCommand
{
    public static Command Create(GlobalOptions globals, CliConsole console)
    {
        var postgres = new Option<string?>("--postgres")
        {
            Description = "Also measure PostgreSQL, in this database (its qxm tables are dropped between measurements)",
            HelpName = "CONNECTION",
        };
        var clients = new Option<int>("--clients") { Description = "Concurrent HTTP clients", DefaultValueFactory = _ => 64, HelpName = "N" };
        var submissions = new Option<int>("--submissions") { Description = "Submissions timed for throughput", DefaultValueFactory = _ => 5000, HelpName = "N" };
        var runs = new Option<int>("--runs") { Description = "Tiny runs timed from submission to succeeded", DefaultValueFactory = _ => 2000, HelpName = "N" };
        var loop = new Option<int>("--loop-iterations")
        {
            Description = "Also measure the loop latency of an optimizer loop of N iterations driven by the server (SQLite); 0 skips it",
            DefaultValueFactory = _ => 0,
            HelpName = "N",
        };
        var overhead = new Option<bool>("--telemetry-overhead")
        {
            Description = "Instead: what metrics and tracing cost, on vs off in alternating rounds of fresh servers (SQLite); its defaults: --rounds 12 --submissions 2000 --clients 32 --runs 100",
        };
        var rounds = new Option<int>("--rounds") { Description = "Rounds of each mode for --telemetry-overhead", DefaultValueFactory = _ => 12, HelpName = "N" };
        var command = new Command("bench-service", "Measure the service: durable submissions/s, run throughput and latency, scheduling time")
        {
            postgres, clients, submissions, runs, loop, overhead, rounds,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var context = globals.Read(parseResult, console);
            if (parseResult.GetValue(overhead))
            {
                // Its own defaults unless told: many short rounds, each mode in a fresh server, steady more than long.
                var defaults = new TelemetryOverheadOptions();
                int Given(Option<int> option, int fallback) => parseResult.GetResult(option) is { Implicit: false } ? Positive(parseResult.GetValue(option), option.Name) : fallback;
                var overheadOptions = new TelemetryOverheadOptions(
                    Given(rounds, defaults.Rounds), Given(submissions, defaults.Submissions), Given(clients, defaults.Clients), Given(runs, defaults.TinyRuns));
                var figures = await TelemetryOverhead.RunAsync(overheadOptions, line => console.Stderr.WriteLine($"bench: {line}"), cancellationToken);
                if (context.IsJson)
                {
                    context.WriteJson(figures);
                }
                else
                {
                    WriteOverhead(console.Out, figures);
                }

                return ExitCodes.Success;
            }

            var options = new ServiceBenchmarkOptions(
                parseResult.GetValue(postgres),
                Positive(parseResult.GetValue(clients), "--clients"),
                Positive(parseResult.GetValue(submissions), "--submissions"),
                Positive(parseResult.GetValue(runs), "--runs"))
            {
                LoopIterations = NotNegative(parseResult.GetValue(loop), "--loop-iterations"),
            };
            var report = await ServiceBenchmark.RunAsync(options, line => console.Stderr.WriteLine($"bench: {line}"), cancellationToken);
            if (context.IsJson)
            {
                context.WriteJson(report);
            }
            else
            {
                Write(console.Out, report);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static int NotNegative(int value, string option) =>
        value >= 0 ? value : throw new UsageException($"{option} must be 0 or more, not {value}");

    private static int Positive(int value, string option) =>
        value > 0 ? value : throw new UsageException($"{option} must be positive, not {value}");

    private static void Write(IAnsiConsole console, ServiceBenchmarkReport report)
    {
        var m = report.Machine;
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"machine: {m.Cores} cores, load {m.LoadAverage:0.00}; disk: {m.FlushesPerSecond:0} flushes/s (p50 {m.FlushMillisecondsP50:0.00} ms)"));
        var table = new Table().Border(TableBorder.Rounded).AddColumn("measure");
        foreach (var store in report.Stores)
        {
            table.AddColumn(new TableColumn(store.Store).RightAligned());
        }

        void Row(string label, Func<StoreFigures, string> cell) =>
            table.AddRow([new Text(label), .. report.Stores.Select(s => new Text(cell(s)))]);

        Row("durable submissions/s (HTTP)", s => F($"{s.SubmissionsPerSecond:0} ({s.LoadGenerator})"));
        Row("submission latency p50 / p99 ms", s => F($"{s.SubmissionLatency.P50Milliseconds:0.0} / {s.SubmissionLatency.P99Milliseconds:0.0}"));
        Row("tiny runs, submit to succeeded", s => F($"{s.TinyRuns} in {s.TinyRunsSeconds:0.00} s ({s.TinyRuns / s.TinyRunsSeconds:0}/s)"));
        Row("one tiny run p50 / p99 ms", s => F($"{s.SingleRunLatency.P50Milliseconds:0.0} / {s.SingleRunLatency.P99Milliseconds:0.0}"));
        console.Write(table);
        var a = report.Authentication;
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"authentication (SQLite, {a.Rounds} alternating rounds of {a.SubmissionsPerRound}): {a.WithoutPerSecond:0} submissions/s without keys, {a.WithPerSecond:0} with (means); cost {a.Cost:P1} (median of the rounds' ratios)"));
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  rounds without: {string.Join(", ", a.WithoutRounds.Select(r => r.ToString("0", CultureInfo.InvariantCulture)))}; with: {string.Join(", ", a.WithRounds.Select(r => r.ToString("0", CultureInfo.InvariantCulture)))}"));
        if (report.LoopLatency is { } l)
        {
            console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"loop latency through the server ({report.LoopIterations:N0} iterations, result to next result, simulation excluded): p50 {l.P50Milliseconds:0.00} ms, p99 {l.P99Milliseconds:0.00} ms, max {l.MaxMilliseconds:0.0} ms"));
        }

        var d = report.SchedulingDecision;
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"scheduling decision with {report.QueuedForScheduling:N0} queued: p50 {d.P50Milliseconds * 1000:0.0} µs, p99 {d.P99Milliseconds * 1000:0.0} µs, max {d.MaxMilliseconds * 1000:0.0} µs"));
    }

    private static void WriteOverhead(IAnsiConsole console, TelemetryOverheadReport report)
    {
        var o = report.Options;
        console.WriteLine(F($"machine: {report.Cores} cores, load {report.LoadBefore:0.00} before, {report.LoadAfter:0.00} after"));
        console.WriteLine(F($"{o.Rounds} rounds, each mode in a fresh qxm serve per round (off-on, on-off, ...): {o.Submissions} submissions from {o.Clients} clients with the backend held, the queue they left, {o.TinyRuns} single tiny runs; CPU is the server process's"));
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumns("telemetry", "submissions/s", "CPU ms / submission", "queued runs/s", "CPU ms / queued run", "tiny run p50 ms", "tiny run p99 ms", "CPU ms / tiny run");
        foreach (var (name, f) in new[] { ("off", report.Off), ("on", report.On) })
        {
            table.AddRow(name, F($"{f.SubmissionsPerSecond:0}"), F($"{f.CpuMillisecondsPerSubmission:0.000}"), F($"{f.QueuedRunsPerSecond:0}"),
                F($"{f.CpuMillisecondsPerQueuedRun:0.000}"), F($"{f.TinyRunP50Milliseconds:0.00}"), F($"{f.TinyRunP99Milliseconds:0.00}"), F($"{f.CpuMillisecondsPerTinyRun:0.00}"));
        }

        console.Write(table);
        console.WriteLine("on/off, the rounds' own ratios: median [quartiles] (95% interval of the median) and what it shows against 5%");
        var r = report.Ratios;
        foreach (var (name, spread, lowerIsBetter) in new[]
        {
            ("submissions/s", r.Throughput, false), ("tiny-run p50", r.TinyRunP50, true), ("CPU per submission", r.CpuPerSubmission, true),
            ("CPU per tiny run", r.CpuPerTinyRun, true), ("queued runs/s", r.QueueThroughput, false), ("CPU per queued run", r.CpuPerQueuedRun, true),
        })
        {
            var verdict = spread.Against(0.05, lowerIsBetter) switch
            {
                RatioVerdict.Within => "within 5%: shown",
                RatioVerdict.Beyond => "costs more than 5%: shown",
                RatioVerdict.Undecided => "cannot tell 5% apart: more rounds or a quieter machine",
                _ => "too few rounds to tell (5 at least)",
            };
            console.WriteLine(F($"  {name,-20} x{spread.Median:0.000} [{spread.LowerQuartile:0.000}, {spread.UpperQuartile:0.000}] ({spread.IntervalLow:0.000}-{spread.IntervalHigh:0.000}): {verdict}"));
        }
    }

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
