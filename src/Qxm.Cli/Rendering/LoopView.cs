using System.Globalization;
using Qxm.Domain.Loops;
using Spectre.Console;

namespace Qxm.Cli.Rendering;

/// <summary>An optimizer loop for people: its state, best point, and the convergence trace (one row per evaluation).</summary>
internal static class LoopView
{
    /// <summary>Beyond this many evaluations the trace shows the first and the last ones.</summary>
    private const int MaxRows = 40;

    public static string ProgressLine(LoopRecord loop, LoopEvaluation evaluation)
    {
        ArgumentNullException.ThrowIfNull(loop);
        ArgumentNullException.ThrowIfNull(evaluation);
        return string.Create(CultureInfo.InvariantCulture,
            $"{loop.Id} #{evaluation.Index}: {loop.Settings.Objective} = {evaluation.Value:0.000000} ± {evaluation.StandardError:0.000000} (best {loop.BestValue:0.000000}) run {evaluation.RunId}");
    }

    public static string Summary(LoopRecord loop)
    {
        ArgumentNullException.ThrowIfNull(loop);
        var settings = loop.Settings;
        var best = loop.BestValue is { } value
            ? string.Create(CultureInfo.InvariantCulture, $"best {settings.Objective} {value:0.000000} at ")
              + string.Join(", ", settings.Initial.Select((p, i) => string.Create(CultureInfo.InvariantCulture, $"{p.Key}={loop.BestParameters![i]:G8}")))
            : "no evaluation yet";
        return $"{loop.Id} {loop.State.ToString().ToLowerInvariant()} after {loop.Evaluations} evaluations; {best}" + (loop.Reason is null ? "" : $" ({loop.Reason})");
    }

    public static void Write(IAnsiConsole console, LoopRecord loop, IReadOnlyList<LoopEvaluation> evaluations)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(loop);
        ArgumentNullException.ThrowIfNull(evaluations);
        console.WriteLine(Summary(loop));
        if (evaluations.Count == 0)
        {
            return;
        }

        var table = new Table().Border(TableBorder.Rounded).AddColumn(new TableColumn("#").RightAligned());
        foreach (var name in loop.Settings.Initial.Select(p => p.Key))
        {
            table.AddColumn(new TableColumn(Markup.Escape(name)).RightAligned());
        }

        table.AddColumn(new TableColumn(Markup.Escape(loop.Settings.Objective)).RightAligned()).AddColumn(new TableColumn("± error").RightAligned()).AddColumn("run");
        var shown = evaluations.Count <= MaxRows ? evaluations : [.. evaluations.Take(MaxRows / 2), .. evaluations.TakeLast(MaxRows / 2)];
        foreach (var e in shown)
        {
            table.AddRow([
                new Text(e.Index.ToString(CultureInfo.InvariantCulture)),
                .. e.Parameters.Select(p => new Text(p.ToString("G6", CultureInfo.InvariantCulture))),
                new Text(e.Value.ToString("0.000000", CultureInfo.InvariantCulture)),
                new Text(e.StandardError.ToString("0.000000", CultureInfo.InvariantCulture)),
                new Text(e.RunId),
            ]);
        }

        if (shown.Count < evaluations.Count)
        {
            table.Caption($"{shown.Count} of {evaluations.Count} evaluations; --output json has all");
        }

        console.Write(table);
    }
}
