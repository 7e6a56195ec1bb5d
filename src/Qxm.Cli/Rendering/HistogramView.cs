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
            : MostFrequent(point.Counts);
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

    /// <summary>The <see cref="MaxOutcomes"/> most frequent outcomes, most frequent first, equal counts by outcome. A
    /// heap of that many keeps the least of them on top, so 10^5 outcomes are compared once each, not sorted.</summary>
    private static List<KeyValuePair<string, long>> MostFrequent(IReadOnlyDictionary<string, long> counts)
    {
        var order = Comparer<KeyValuePair<string, long>>.Create(static (a, b) =>
            a.Value != b.Value ? b.Value.CompareTo(a.Value) : string.CompareOrdinal(a.Key, b.Key));
        // The heap's top is the element that sorts last in that order: the first to leave when a better one comes.
        var heap = new PriorityQueue<KeyValuePair<string, long>, KeyValuePair<string, long>>(
            MaxOutcomes + 1, Comparer<KeyValuePair<string, long>>.Create((a, b) => order.Compare(b, a)));
        foreach (var entry in counts)
        {
            if (heap.Count < MaxOutcomes)
            {
                heap.Enqueue(entry, entry);
            }
            else if (order.Compare(entry, heap.Peek()) < 0)
            {
                heap.DequeueEnqueue(entry, entry);
            }
        }

        var top = new List<KeyValuePair<string, long>>(heap.Count);
        while (heap.TryDequeue(out var entry, out _))
        {
            top.Add(entry);
        }

        top.Reverse();
        return top;
    }
}
