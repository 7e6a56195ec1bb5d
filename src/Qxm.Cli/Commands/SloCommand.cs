using System.CommandLine;
using System.Globalization;
using Qxm.Cli.Connection;
using Qxm.Engine.Slo;
using Spectre.Console;

namespace Qxm.Cli.Commands;

/// <summary><c>qxm slo</c>: the SLIs over a window; <c>qxm slo rules</c>: Prometheus recording and burn-rate alert rules
/// from an SLO file.</summary>
internal static class SloCommand
{
    public static Command Create(GlobalOptions globals, CliConsole console)
    {
        var window = new Option<string>("--window")
        {
            Description = "The window the SLIs cover: 1h, 1d, 30d or any such duration",
            DefaultValueFactory = _ => "1d",
            HelpName = "DURATION",
        };
        var command = new Command("slo", "Show the service level indicators over a window, overall and per tenant and backend") { window };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var context = globals.Read(parseResult, console);
            var text = parseResult.GetValue(window);
            if (!SliWindow.TryParse(text, out var span))
            {
                return context.Fail(ExitCodes.InvalidInput, $"--window '{text}' is not a duration such as 1h, 1d or 30d");
            }

            await using var connection = await ServiceConnection.OpenAsync(context, cancellationToken);
            var report = await connection.GetSlisAsync(span, cancellationToken);
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
        command.Add(CreateRules(globals, console));
        return command;
    }

    private static Command CreateRules(GlobalOptions globals, CliConsole console)
    {
        var file = new Option<string?>("--file")
        {
            Description = "The SLO file (YAML; default: slos.yaml in the data directory)",
            HelpName = "FILE",
        };
        var runbooks = new Option<string>("--runbook-base")
        {
            Description = "Where docs/runbooks/ is published; each alert's runbook_url is this plus its page",
            DefaultValueFactory = _ => "docs/runbooks/",
            HelpName = "URL",
        };
        var command = new Command("rules", "Print Prometheus recording rules and multi-window burn-rate alerts for an SLO file") { file, runbooks };
        command.SetAction((parseResult, _) =>
        {
            var context = globals.Read(parseResult, console);
            var path = parseResult.GetValue(file) ?? Path.Combine(Server.Composition.QxmRuntime.ResolveHome(context.Home), "slos.yaml");
            var (slos, error) = SloFile.Load(path);
            if (slos is null)
            {
                return Task.FromResult(context.Refuse([error!]));
            }

            var runbookBase = parseResult.GetValue(runbooks)!;
            console.Stdout.Write(AlertRuleGenerator.Generate(slos, runbookBase.EndsWith('/') ? runbookBase : runbookBase + "/"));
            console.Stdout.Flush();
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    private static void Write(IAnsiConsole console, SliReport report)
    {
        console.WriteLine(F($"SLIs over {report.Window}: {report.Since.UtcDateTime:yyyy-MM-dd HH:mm}Z to {report.Until.UtcDateTime:yyyy-MM-dd HH:mm}Z{(report.Truncated ? " (newest runs only)" : "")}"));
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumns("tenant", "backend", "runs", "success", "e2e p50 / p99 s", "queue p50 / p99 s", "ingest p99 s", "telemetry", "sched. errors");
        foreach (var g in report.Groups)
        {
            table.AddRow(g.Tenant, g.Backend, g.Finished.ToString(CultureInfo.InvariantCulture), Percent(g.SuccessRate),
                Latency(g.EndToEnd), Latency(g.QueueWait), g.Ingestion is { } i ? F($"{i.P99:0.000}") : "-",
                Percent(g.TelemetryCompleteness), Percent(g.SchedulerErrorRate));
        }

        console.Write(table);
        var more = new Table().Border(TableBorder.Rounded)
            .AddColumns("tenant", "backend", "retried", "util. reserved", "util. unreserved", "drift / day", "denied / h", "cost / experiment");
        foreach (var g in report.Groups)
        {
            more.AddRow(g.Tenant, g.Backend, Percent(g.RetryRate), Percent(g.Utilisation?.Reserved), Percent(g.Utilisation?.Unreserved),
                Rate(g.DriftEventsPerDay), Rate(g.DeniedPerHour), g.CostPerExperiment is { } c ? F($"{c:0.####}") : "-");
        }

        console.Write(more);
        if (report.Pending.Count > 0)
        {
            console.WriteLine("pending: " + string.Join("; ", report.Pending.Select(p => $"{p.Name} ({p.Reason})")));
        }
    }

    private static string Rate(double? value) => value is { } v ? F($"{v:0.##}") : "-";

    private static string Percent(double? value) => value is { } v ? F($"{v * 100:0.##}%") : "-";

    private static string Latency(LatencyPercentiles? p) => p is null ? "-" : F($"{p.P50:0.000} / {p.P99:0.000}");

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
