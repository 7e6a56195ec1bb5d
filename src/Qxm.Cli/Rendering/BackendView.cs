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
            .AddColumns("id", "kind", "status", "health", "dispatch")
            .AddColumn(new TableColumn("qubits").RightAligned())
            .AddColumn(new TableColumn("max shots").RightAligned())
            .AddColumn("description");
        var remote = backends.Any(b => b.Vendor is not null);
        if (remote)
        {
            table.AddColumn("vendor").AddColumn("price");
        }

        foreach (var backend in backends)
        {
            IEnumerable<Text> vendor = remote ? [new Text(Vendor(backend.Vendor)), new Text(backend.Vendor?.Pricing ?? "-")] : [];
            table.AddRow([
                new Text(backend.Id),
                new Text(backend.Kind),
                new Text(backend.Status.ToString().ToLowerInvariant()),
                new Text(Health(backend.Health)),
                new Text(Dispatch(backend)),
                new Text(backend.Target.Qubits.ToString(CultureInfo.InvariantCulture)),
                new Text(backend.Target.MaxShots.ToString(CultureInfo.InvariantCulture)),
                new Text(backend.Description),
                .. vendor]);
        }

        console.Write(table);
    }

    /// <summary>The vendor's live word on its device: status, queue and average wait where given, or why it could not be asked.</summary>
    public static string Vendor(VendorDevice? vendor) => vendor switch
    {
        null => "-",
        { Error: { } error } => $"{vendor.Vendor} {vendor.Device}: unreachable ({error})",
        _ => $"{vendor.Vendor} {vendor.Device}: {vendor.Status}"
            + (vendor.QueueLength is { } queue ? $", {queue} queued" : "")
            + (vendor.AverageQueueSeconds is { } wait ? string.Create(CultureInfo.InvariantCulture, $", ~{wait:0.#} s wait") : ""),
    };

    /// <summary>The breaker's view: state, since when and why.</summary>
    public static string Health(BackendHealth? health) => health switch
    {
        null => "-",
        { State: BackendAvailability.Online, Reason: null } => "online",
        _ => $"{health.State.ToString().ToLowerInvariant()} since {health.Since.ToUniversalTime():HH:mm:ss'Z'}{(health.Reason is null ? "" : ": " + health.Reason)}",
    };

    /// <summary>Whether runs are dispatched to it, and if not, the operator's reason.</summary>
    public static string Dispatch(BackendInfo backend)
    {
        ArgumentNullException.ThrowIfNull(backend);
        var inFlight = backend.InFlight is > 0 ? $" ({backend.InFlight} in flight)" : "";
        return backend.Control switch
        {
            null => "open" + inFlight,
            { Mode: BackendControlMode.Draining } c when backend.InFlight is 0 or null => $"drained: {c.Reason} (by {c.Actor})",
            { Mode: BackendControlMode.Draining } c => $"draining{inFlight}: {c.Reason} (by {c.Actor})",
            var c => $"held{inFlight}: {c.Reason} (by {c.Actor})",
        };
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
