using System.CommandLine;
using System.Globalization;
using Qxm.Cli.Connection;
using Qxm.Engine.Retention;
using Spectre.Console;

namespace Qxm.Cli.Commands;

/// <summary><c>qxm gc [--dry-run] [--archive LOCATION]</c>: apply the tenants' retention policies now, or list what would go.</summary>
internal static class GcCommand
{
    public static Command Create(GlobalOptions globals, CliConsole console)
    {
        var dryRun = new Option<bool>("--dry-run") { Description = "Only count what would go: runs, artifacts and bytes per kind and tenant" };
        var archive = new Option<string?>("--archive")
        {
            Description = "Embedded: the archive tier expired results move to, a directory or s3://bucket/prefix (default: $QXM_ARCHIVE, else none)",
            HelpName = "LOCATION",
        };
        var store = new Option<string?>("--store")
        {
            Description = "Embedded: a PostgreSQL connection string (default: $QXM_STORE, else SQLite in the data directory)",
            HelpName = "CONNECTION",
        };
        var command = new Command("gc", "Apply the tenants' retention policies: archive expired results, collect Rejected runs and orphaned artifacts")
        {
            dryRun, archive, store,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var context = globals.Read(parseResult, console);
            var location = parseResult.GetValue(archive);
            if (context.Server is not null && (location ?? parseResult.GetValue(store)) is not null)
            {
                return context.Fail(ExitCodes.InvalidInput, "--archive and --store are for the embedded engine; a server uses its own");
            }

            await using var connection = await ServiceConnection.OpenAsync(context, cancellationToken, parseResult.GetValue(store), archive: location);
            var report = await connection.Retention.CollectAsync(parseResult.GetValue(dryRun), cancellationToken);
            if (context.IsJson)
            {
                context.WriteJson(report);
                return ExitCodes.Success;
            }

            if (report.Lines.Count == 0)
            {
                console.Stdout.WriteLine(report.DryRun ? "nothing would go" : "nothing to collect");
                return ExitCodes.Success;
            }

            var table = new Table().Border(TableBorder.Rounded)
                .Title(report.DryRun ? "would go (dry run)" : "collected")
                .AddColumn("kind").AddColumn("tenant").AddColumn(new TableColumn("runs").RightAligned())
                .AddColumn(new TableColumn("artifacts").RightAligned()).AddColumn(new TableColumn("bytes").RightAligned());
            foreach (var line in report.Lines)
            {
                table.AddRow(line.Kind, Markup.Escape(line.Tenant ?? "-"), line.Runs.ToString(CultureInfo.InvariantCulture),
                    line.Artifacts.ToString(CultureInfo.InvariantCulture), line.Bytes.ToString(CultureInfo.InvariantCulture));
            }

            console.Out.Write(table);
            if (report.Lines.Any(l => l.Kind == RetentionKinds.ResultsHeld))
            {
                console.Stderr.WriteLine("results-held: those runs are due for the archive but no archive store is configured (--archive, $QXM_ARCHIVE)");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
