using System.Globalization;
using Qxm.Domain.Runs;
using Spectre.Console;

namespace Qxm.Cli.Rendering;

/// <summary>Runs for people: one run's detail, or a table of several.</summary>
internal static class RunView
{
    public static string State(RunState state) => state.ToString().ToLowerInvariant();

    /// <summary>One line naming the run, for the start and end of <c>qxm run</c>.</summary>
    public static string Summary(Run run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var points = run.SweepPoints == 1 ? "" : $", {run.SweepPoints} points";
        return $"run {run.Id} {State(run.State)} ({run.Name} on {run.Backend}, {run.Shots} shots{points})";
    }

    public static void WriteDetail(IAnsiConsole console, Run run)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(run);
        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        void Row(string name, string value) => grid.AddRow(new Text(name), new Text(value));
        Row("id", run.Id);
        Row("name", run.Name);
        Row("state", State(run.State));
        Row("backend", run.Backend);
        Row("shots", run.Shots.ToString(CultureInfo.InvariantCulture));
        Row("sweep points", run.SweepPoints.ToString(CultureInfo.InvariantCulture));
        Row("attempts", run.Attempts.ToString(CultureInfo.InvariantCulture));
        Row("seed", run.Seed?.ToString(CultureInfo.InvariantCulture) ?? "-");
        Row("priority", run.Priority);
        Row("fingerprint", run.Fingerprint);
        Row("created", Time(run.CreatedAt));
        Row("updated", Time(run.UpdatedAt));
        if (run.Tags.Count > 0)
        {
            Row("tags", string.Join(", ", run.Tags));
        }

        if (run.OnDrift != Domain.Calibration.DriftPolicy.Run)
        {
            Row("on drift", run.OnDrift.ToString().ToLowerInvariant());
        }

        if (run.Failover is { } failover)
        {
            Row("failover", failover.FailedOver
                ? $"from {failover.From} to {run.Backend} at {Time(failover.At!.Value)}: {failover.Reason}; results not comparable bit for bit with {failover.From}"
                : "to " + string.Join(", ", failover.Alternatives));
        }

        if (run.Hold is { } hold)
        {
            Row("held", $"since {Time(hold.Since)}: {hold.Reason}");
        }

        if (run.Calibration is { } calibration)
        {
            Row("calibration", $"{calibration.Hash} (taken {Time(calibration.TakenAt)})");
            foreach (var drift in calibration.DriftEvents)
            {
                Row("drift", drift.ToString());
            }
        }

        if (run.Error is not null)
        {
            Row("error", run.Error);
        }

        if (run.BackendJobId is not null)
        {
            Row("backend job", run.BackendJobId);
        }

        console.Write(grid);
        if (run.BackendAttempts.Count > 0)
        {
            WriteAttempts(console, run.BackendAttempts);
        }
    }

    /// <summary>Every call made to the backend for the run: when, what, how it ended and why.</summary>
    private static void WriteAttempts(IAnsiConsole console, IReadOnlyList<BackendAttempt> attempts)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("backend calls")
            .AddColumn(new TableColumn("#").RightAligned())
            .AddColumn(new TableColumn("at").NoWrap())
            .AddColumn("call")
            .AddColumn("outcome")
            .AddColumn("job")
            .AddColumn("message");
        foreach (var attempt in attempts)
        {
            var message = attempt.Message ?? "";
            if (attempt.Artifact is not null)
            {
                message += $" (raw answer kept: artifact {attempt.Artifact})";
            }

            table.AddRow(
                new Text(attempt.Sequence.ToString(CultureInfo.InvariantCulture)),
                new Text(Time(attempt.At)),
                new Text(attempt.Operation),
                new Text(attempt.Local ? attempt.Outcome + " (local)" : attempt.Outcome),
                new Text(attempt.JobId ?? "-"),
                new Text(message.Trim()));
        }

        console.Write(table);
    }

    public static void WriteTable(IAnsiConsole console, IReadOnlyList<Run> runs)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(runs);
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn(new TableColumn("id").NoWrap())
            .AddColumn("name")
            .AddColumn(new TableColumn("state").NoWrap())
            .AddColumn("backend")
            .AddColumn(new TableColumn("shots").RightAligned())
            .AddColumn(new TableColumn("points").RightAligned())
            .AddColumn(new TableColumn("created").NoWrap());
        foreach (var run in runs)
        {
            table.AddRow(
                new Text(run.Id),
                new Text(run.Name),
                new Text(State(run.State)),
                new Text(run.Backend),
                new Text(run.Shots.ToString(CultureInfo.InvariantCulture)),
                new Text(run.SweepPoints.ToString(CultureInfo.InvariantCulture)),
                new Text(Time(run.CreatedAt)));
        }

        console.Write(table);
    }

    private static string Time(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
