using System.Globalization;
using Qxm.Domain.Provenance;
using Qxm.Domain.Runs;
using Spectre.Console;

namespace Qxm.Cli.Rendering;

/// <summary>A run's provenance and state history for people.</summary>
internal static class ProvenanceView
{
    public static void Write(IAnsiConsole console, RunProvenance record)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(record);
        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        void Row(string name, string? value) => grid.AddRow(new Text(name), new Text(value ?? "-"));
        Row("run", record.RunId);
        Row("experiment", $"{record.Name} {record.Fingerprint}");
        Row("submitter", $"{record.Submitter} (tenant {record.Tenant})");
        Row("backend", record.Backend);
        Row("seed", record.Seed?.ToString(CultureInfo.InvariantCulture));
        Row("options", record.Options);
        Row("calibration", record.CalibrationHash);
        Row("attempts", record.Attempts.ToString(CultureInfo.InvariantCulture));
        Row("queue wait", Seconds(record.QueueWaitSeconds));
        Row("execution", Seconds(record.ExecutionSeconds));
        if (record.Executions.Count > 0)
        {
            var e = record.Executions[^1];
            Row("qxm", $"{e.QxmVersion} (commit {e.QxmCommit})");
            Row("runtime", e.Runtime);
            Row("machine", $"{e.OperatingSystem}, {e.Architecture}, {e.CpuModel}, {e.CpuCount} cores, {e.VectorWidth}-bit vectors");
            Row("target version", e.TargetVersion);
            if (e.Simulation.Count > 0)
            {
                Row("simulation", string.Join(", ", e.Simulation.Select(p => $"{p.Key}={p.Value}")));
            }
        }

        foreach (var link in record.Links)
        {
            Row(link.Relation, link.Detail is null ? link.RunId : $"{link.RunId} ({link.Detail})");
        }

        if (record.Missing.Count > 0)
        {
            Row("missing", string.Join(", ", record.Missing));
        }

        console.Write(grid);
        var artifacts = new Table().Border(TableBorder.Rounded).Title("artifacts").AddColumn("role").AddColumn("name").AddColumn("sha256");
        foreach (var artifact in record.Artifacts)
        {
            artifacts.AddRow(new Text(artifact.Role), new Text(artifact.Name), new Text(artifact.Hash));
        }

        console.Write(artifacts);
        WriteHistory(console, record.Transitions);
    }

    /// <summary>The run's state changes: when, from, to, who and why.</summary>
    public static void WriteHistory(IAnsiConsole console, IReadOnlyList<RunTransition> transitions)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(transitions);
        var table = new Table().Border(TableBorder.Rounded).Title("history")
            .AddColumn(new TableColumn("at").NoWrap()).AddColumn("from").AddColumn("to").AddColumn("actor").AddColumn("reason");
        foreach (var t in transitions)
        {
            table.AddRow(
                new Text(t.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture)),
                new Text(RunView.State(t.From)),
                new Text(RunView.State(t.To)),
                new Text(t.Actor),
                new Text(t.Reason ?? ""));
        }

        console.Write(table);
    }

    private static string? Seconds(double? seconds) => seconds?.ToString("0.###", CultureInfo.InvariantCulture) + (seconds is null ? null : " s");
}
