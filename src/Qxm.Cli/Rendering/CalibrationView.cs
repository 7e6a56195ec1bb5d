using System.Globalization;
using Qxm.Engine.Api;
using Spectre.Console;

namespace Qxm.Cli.Rendering;

/// <summary>Calibrations for people: the snapshot in effect, or its history, with drift events and held runs.</summary>
internal static class CalibrationView
{
    public static void WriteCurrent(IAnsiConsole console, CalibrationReport report)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(report);
        var current = report.Current!;
        console.WriteLine($"{report.Backend} calibration {current.Hash} taken {Time(current.Snapshot.TakenAt)}");
        var qubits = new Table().Border(TableBorder.Rounded)
            .AddColumn(new TableColumn("qubit").RightAligned())
            .AddColumn(new TableColumn("T1 µs").RightAligned())
            .AddColumn(new TableColumn("T2 µs").RightAligned())
            .AddColumn(new TableColumn("readout error").RightAligned());
        foreach (var q in current.Snapshot.Qubits)
        {
            qubits.AddRow(Number(q.Qubit), Figure(q.T1Us), Figure(q.T2Us), Figure(q.ReadoutError));
        }

        console.Write(qubits);
        var pairs = current.Snapshot.Gates.Where(g => g.Qubits.Count != 1).ToList();
        if (pairs.Count > 0)
        {
            var gates = new Table().Border(TableBorder.Rounded)
                .AddColumn("gate").AddColumn("qubits")
                .AddColumn(new TableColumn("error").RightAligned()).AddColumn(new TableColumn("ns").RightAligned());
            foreach (var g in pairs)
            {
                gates.AddRow(g.Gate, g.Qubits.Count == 0 ? "every pair" : string.Join(", ", g.Qubits), Figure(g.Error), Figure(g.DurationNs));
            }

            console.Write(gates);
        }

        WriteDrift(console, report);
    }

    public static void WriteHistory(IAnsiConsole console, CalibrationReport report, int? qubit)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(report);
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn(new TableColumn("taken").NoWrap())
            .AddColumn(new TableColumn("snapshot").NoWrap())
            .AddColumn(new TableColumn(qubit is null ? "mean T1 µs" : "T1 µs").RightAligned())
            .AddColumn(new TableColumn(qubit is null ? "mean T2 µs" : "T2 µs").RightAligned())
            .AddColumn(new TableColumn(qubit is null ? "worst readout" : "readout error").RightAligned());
        foreach (var record in report.History)
        {
            var qubits = record.Snapshot.Qubits;
            table.AddRow(
                new Text(Time(record.Snapshot.TakenAt)),
                new Text(record.Hash[..12]),
                new Text(qubits.Count == 0 ? "-" : Figure(qubits.Average(q => q.T1Us))),
                new Text(qubits.Count == 0 ? "-" : Figure(qubits.Average(q => q.T2Us))),
                new Text(qubits.Count == 0 ? "-" : Figure(qubits.Max(q => q.ReadoutError))));
        }

        console.Write(table);
        WriteDrift(console, report);
    }

    private static void WriteDrift(IAnsiConsole console, CalibrationReport report)
    {
        foreach (var drift in report.DriftEvents)
        {
            console.WriteLine($"drift {drift.Id}: {drift}{(drift.ResolvedAt is { } resolved ? $", resolved {Time(resolved)}" : ", active")}");
        }

        if (report.HeldRuns > 0)
        {
            console.WriteLine($"{report.HeldRuns} run{(report.HeldRuns == 1 ? " is" : "s are")} held for drift (qxm calibration {report.Backend} --release)");
        }
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Figure(double value) => value.ToString("G4", CultureInfo.InvariantCulture);

    private static string Time(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
