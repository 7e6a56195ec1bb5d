using System.Globalization;
using Qxm.Domain.Backends;
using Qxm.Engine.Matching;
using Spectre.Console;

namespace Qxm.Cli.Rendering;

internal static class BackendView
{
    public static void WriteTable(IAnsiConsole console, IReadOnlyList<BackendInfo> backends)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(backends);
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumns("id", "kind", "status")
            .AddColumn(new TableColumn("qubits").RightAligned())
            .AddColumn(new TableColumn("max shots").RightAligned())
            .AddColumn("description");
        foreach (var backend in backends)
        {
            table.AddRow(
                new Text(backend.Id),
                new Text(backend.Kind),
                new Text(backend.Status.ToString().ToLowerInvariant()),
                new Text(backend.Target.Qubits.ToString(CultureInfo.InvariantCulture)),
                new Text(backend.Target.MaxShots.ToString(CultureInfo.InvariantCulture)),
                new Text(backend.Description));
        }

        console.Write(table);
    }

    /// <summary>Eligible backends (shortest queue first), then each excluded one with its reasons: plain lines, for
    /// reasons are sentences too long for a table cell.</summary>
    public static void WriteCandidates(TextWriter writer, IReadOnlyList<BackendCandidate> candidates)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(candidates);
        var eligible = candidates.Where(c => c.Eligible).ToList();
        writer.WriteLine(eligible.Count == 0 ? "no eligible backend" : "eligible:");
        foreach (var candidate in eligible)
        {
            writer.WriteLine($"  {candidate.Backend.Id} ({candidate.QueuedRuns} queued, {candidate.Backend.CostPerShot.ToString(CultureInfo.InvariantCulture)} per shot)");
        }

        var excluded = candidates.Where(c => !c.Eligible).ToList();
        if (excluded.Count > 0)
        {
            writer.WriteLine("excluded:");
        }

        foreach (var candidate in excluded)
        {
            writer.WriteLine($"  {candidate.Backend.Id}: {string.Join("; ", candidate.Exclusions)}");
        }
    }
}
