using System.Globalization;
using Qxm.Domain.Runs;
using Spectre.Console;

namespace Qxm.Cli.Rendering;

/// <summary>A sweep as one chart: a row per point with its parameters and, for the outcomes that matter most over
/// the whole sweep, the probability drawn as a bar, so how the distribution moves with the parameters can be seen
/// at a glance (the ry sweep's P(1) rising and falling as sin²(θ/2)).</summary>
internal static class SweepView
{
    /// <summary>More columns than this stop reading as a chart; the rest are summed into "other".</summary>
    public const int MaxOutcomes = 4;

    private const int BarWidth = 20;

    public static void Write(IAnsiConsole console, RunResult result)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(result);
        var outcomes = result.Points
            .SelectMany(p => p.Counts)
            .GroupBy(c => c.Key, StringComparer.Ordinal)
            .Select(g => (Outcome: g.Key, Total: g.Sum(c => c.Value)))
            .OrderByDescending(o => o.Total).ThenBy(o => o.Outcome, StringComparer.Ordinal)
            .Take(MaxOutcomes)
            .Select(o => o.Outcome)
            .Order(StringComparer.Ordinal)
            .ToList();
        var hasOther = result.Points.Any(p => p.Counts.Keys.Any(k => !outcomes.Contains(k)));

        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn(new TableColumn("#").RightAligned())
            .AddColumn("parameters");
        foreach (var outcome in outcomes)
        {
            table.AddColumn($"P({outcome})");
        }

        if (hasOther)
        {
            table.AddColumn("P(other)");
        }

        foreach (var point in result.Points)
        {
            var total = (double)Math.Max(1, point.Counts.Values.Sum());
            var cells = new List<Text>
            {
                new((point.Index + 1).ToString(CultureInfo.InvariantCulture)),
                new(string.Join(", ", point.Parameters.Select(p => $"{p.Key}={p.Value.ToString("0.####", CultureInfo.InvariantCulture)}"))),
            };
            cells.AddRange(outcomes.Select(o => Bar(point.Counts.GetValueOrDefault(o) / total)));
            if (hasOther)
            {
                cells.Add(Bar(point.Counts.Where(c => !outcomes.Contains(c.Key)).Sum(c => c.Value) / total));
            }

            table.AddRow(cells);
        }

        table.Caption($"{result.Points.Count} points, {result.Shots} shots each; 'qxm results RUN --output json' has every count");
        console.Write(table);
    }

    private static Text Bar(double probability)
    {
        var cells = (int)Math.Round(probability * BarWidth);
        return new Text($"{probability.ToString("0.000", CultureInfo.InvariantCulture)} {new string('█', cells)}{new string(' ', BarWidth - cells)}");
    }
}
