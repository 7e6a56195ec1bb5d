using System.Globalization;
using Qxm.Domain.Runs;
using Spectre.Console;

namespace Qxm.Cli.Rendering;

/// <summary>A run's counts: for a single point a histogram table (outcome, count, probability and a bar); for a sweep,
/// one chart of the whole sweep (<see cref="SweepView"/>).</summary>
internal static class HistogramView
{
    /// <summary>Beyond this many outcomes a table shows only the most frequent; a 16-qubit circuit can have 65,536.</summary>
    public const int MaxOutcomes = 32;

    private const int BarWidth = 40;

    public static void Write(IAnsiConsole console, RunResult result)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(result);
        if (ObservableView.Applies(result))
        {
            ObservableView.Write(console, result);
            return;
        }

        if (result.Points.Count > 1)
        {
            SweepView.Write(console, result);
            return;
        }

        foreach (var point in result.Points)
        {
            if (point.Parameters.Count > 0)
            {
                console.WriteLine(string.Join(", ", point.Parameters.Select(p => $"{p.Key}={p.Value.ToString("G6", CultureInfo.InvariantCulture)}")));
            }

            console.Write(Table(point));
        }
    }

    private static Table Table(SweepPointResult point)
    {
        var total = Math.Max(1, point.Counts.Values.Sum());
        var outcomes = point.Counts.Count <= MaxOutcomes
            ? point.Counts.OrderBy(c => c.Key, StringComparer.Ordinal).ToList()
            : [.. point.Counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Take(MaxOutcomes)];
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("outcome")
            .AddColumn(new TableColumn("count").RightAligned())
            .AddColumn(new TableColumn("probability").RightAligned())
            .AddColumn(new TableColumn(""));
        foreach (var (outcome, count) in outcomes)
        {
            var probability = (double)count / total;
            table.AddRow(
                new Text(outcome),
                new Text(count.ToString(CultureInfo.InvariantCulture)),
                new Text(probability.ToString("0.0000", CultureInfo.InvariantCulture)),
                new Text(new string('█', (int)Math.Round(probability * BarWidth))));
        }

        if (point.Counts.Count > outcomes.Count)
        {
            table.Caption($"{outcomes.Count} most frequent of {point.Counts.Count} outcomes");
        }

        return table;
    }
}
