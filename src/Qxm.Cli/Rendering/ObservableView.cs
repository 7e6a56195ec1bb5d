using System.Globalization;
using Qxm.Domain.Runs;
using Spectre.Console;

namespace Qxm.Cli.Rendering;

/// <summary>A run's observables: one row per sweep point, one column per observable, each value with its standard error.</summary>
internal static class ObservableView
{
    public static bool Applies(RunResult result) => result.Points.Any(p => p.Observables is { Count: > 0 });

    public static void Write(IAnsiConsole console, RunResult result)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(result);
        var names = result.Points.First(p => p.Observables is not null).Observables!.Select(o => o.Name).ToList();
        var parameters = result.Points[0].Parameters.Keys.ToList();
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var name in parameters)
        {
            table.AddColumn(new TableColumn(Markup.Escape(name)).RightAligned());
        }

        foreach (var name in names)
        {
            table.AddColumn(new TableColumn(Markup.Escape(name)).RightAligned());
        }

        foreach (var point in result.Points)
        {
            var cells = parameters.Select(p => new Text(point.Parameters[p].ToString("G6", CultureInfo.InvariantCulture)))
                .Concat(names.Select(n => point.Observables?.FirstOrDefault(o => o.Name == n) is { } v
                    ? new Text(v.StandardError == 0
                        ? v.Value.ToString("0.000000", CultureInfo.InvariantCulture) + " (exact)"
                        : $"{v.Value.ToString("0.000000", CultureInfo.InvariantCulture)} ± {v.StandardError.ToString("0.000000", CultureInfo.InvariantCulture)}")
                    : new Text("")));
            table.AddRow(cells);
        }

        var bases = result.Points[0].Bases?.Count ?? 1;
        table.Caption($"{result.Points.Count} points, {bases} measurement bases of {result.Shots} shots each; 'qxm results RUN --output json' has every basis's counts");
        console.Write(table);
    }
}
