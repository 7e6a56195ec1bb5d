using System.CommandLine;
using System.Globalization;
using Qxm.Cli.Connection;
using Qxm.Engine.Persistence;

namespace Qxm.Cli.Commands;

/// <summary><c>qxm costs [--tenant T] [--since D] [--by backend|tenant|experiment]</c>: chargeback, the runs' estimated,
/// actual and charged costs in US dollars, one line a group and a total.</summary>
internal static class CostsCommand
{
    public static Command Create(GlobalOptions globals, CliConsole console)
    {
        var tenant = new Option<string?>("--tenant") { Description = "Only this tenant's runs (default: every tenant the caller may see)", HelpName = "T" };
        var since = new Option<string?>("--since") { Description = "Only runs admitted at or after this time, ISO 8601 (e.g. 2026-12-01)", HelpName = "D" };
        var by = new Option<string>("--by") { Description = "Sum by backend, tenant or experiment", DefaultValueFactory = _ => "backend", HelpName = "GROUP" };
        var command = new Command("costs", "Runs' estimated, actual and charged costs in US dollars, summed for chargeback") { tenant, since, by };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var context = globals.Read(parseResult, console);
            var group = parseResult.GetValue(by);
            if (!Enum.TryParse<CostGrouping>(group, ignoreCase: true, out var grouping) || int.TryParse(group, out _))
            {
                return context.Fail(ExitCodes.InvalidInput, $"--by must be backend, tenant or experiment, not '{group}'");
            }

            DateTimeOffset? from = null;
            if (parseResult.GetValue(since) is { } text)
            {
                from = DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
                    ? time
                    : throw new UsageException($"--since: '{text}' is not a date or time (ISO 8601, e.g. 2026-12-01)");
            }

            await using var connection = await ServiceConnection.OpenAsync(context, cancellationToken);
            var lines = await connection.Costs.ListCostsAsync(new CostQuery(grouping, parseResult.GetValue(tenant), from), cancellationToken);
            if (context.IsJson)
            {
                context.WriteJson(lines);
                return ExitCodes.Success;
            }

            if (lines.Count == 0)
            {
                console.Stdout.WriteLine("no runs with costs");
                return ExitCodes.Success;
            }

            var width = Math.Max(grouping.ToString().Length, lines.Max(l => l.Key.Length));
            console.Stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{grouping.ToString().ToLowerInvariant().PadRight(width)}  {"runs",6}  {"estimated",12}  {"actual",12}  {"charged",12}"));
            foreach (var line in lines)
            {
                console.Stdout.WriteLine(Row(line.Key.PadRight(width), line.Runs, line.EstimatedUsd, line.ActualUsd, line.ChargedUsd, line.RunsWithActual));
            }

            console.Stdout.WriteLine(Row("total".PadRight(width), lines.Sum(l => l.Runs), lines.Sum(l => l.EstimatedUsd), lines.Sum(l => l.ActualUsd),
                lines.Sum(l => l.ChargedUsd), lines.Sum(l => l.RunsWithActual)));
            return ExitCodes.Success;
        });
        return command;
    }

    private static string Row(string key, long runs, decimal estimated, decimal actual, decimal charged, long withActual) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{key}  {runs,6}  {"$" + estimated.ToString("0.00##", CultureInfo.InvariantCulture),12}  {"$" + actual.ToString("0.00##", CultureInfo.InvariantCulture),12}  {"$" + charged.ToString("0.00##", CultureInfo.InvariantCulture),12}{(withActual < runs ? $"  ({runs - withActual} estimated only)" : "")}");
}
