using System.CommandLine;
using System.Globalization;
using Qxm.Cli.Connection;
using Qxm.Cli.Rendering;
using Qxm.Engine.Audit;
using Qxm.Engine.Persistence;

namespace Qxm.Cli.Commands;

/// <summary><c>qxm audit list|verify</c>: read the audit trail and check that nothing in it was changed.</summary>
internal static class AuditCommand
{
    public static Command Create(GlobalOptions globals, CliConsole console)
    {
        var store = new Option<string?>("--store")
        {
            Description = "Embedded: a PostgreSQL connection string (default: $QXM_STORE, else SQLite in the data directory)",
            HelpName = "CONNECTION",
            Recursive = true,
        };
        var key = new Option<string?>("--audit-key")
        {
            Description = "Embedded: the audit key file (default: $QXM_AUDIT_KEY, else audit.key in the data directory)",
            HelpName = "FILE",
            Recursive = true,
        };
        var checkpoints = new Option<string?>("--audit-checkpoints")
        {
            Description = "Embedded: the signed checkpoint log (default: $QXM_AUDIT_CHECKPOINTS, else audit-checkpoints.log in the data directory)",
            HelpName = "FILE",
            Recursive = true,
        };
        var command = new Command("audit", "Read the audit trail and verify its hash chain") { store, key, checkpoints };
        command.Add(List(globals, console, store, key, checkpoints));
        command.Add(Verify(globals, console, store, key, checkpoints));
        return command;
    }

    private static Command List(GlobalOptions globals, CliConsole console, Option<string?> store, Option<string?> key, Option<string?> checkpoints)
    {
        var since = new Option<string?>("--since") { Description = "Only events at or after this time, ISO 8601 (e.g. 2026-12-01T09:00Z)", HelpName = "TIME" };
        var actor = new Option<string?>("--actor") { Description = "Only events by this actor (cli, api, a worker id, ...)", HelpName = "ACTOR" };
        var action = new Option<string?>("--action") { Description = "Only events of this action (run.queued, reservation.created, ...)", HelpName = "ACTION" };
        var run = new Option<string?>("--run") { Description = "Only events about this run", HelpName = "RUN" };
        var limit = new Option<int>("--limit") { Description = "At most this many, the latest (1-10000)", DefaultValueFactory = _ => 100, HelpName = "N" };
        var command = new Command("list", "The latest audit events, oldest first") { since, actor, action, run, limit };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var context = globals.Read(parseResult, console);
            DateTimeOffset? from = null;
            if (parseResult.GetValue(since) is { } text)
            {
                from = DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
                    ? time
                    : throw new UsageException($"--since: '{text}' is not a date and time (ISO 8601, e.g. 2026-12-01T09:00Z)");
            }

            var count = parseResult.GetValue(limit);
            if (count is < 1 or > 10_000)
            {
                return context.Fail(ExitCodes.InvalidInput, "--limit must be between 1 and 10000");
            }

            await using var connection = await OpenAsync(context, parseResult, store, key, checkpoints, cancellationToken);
            var events = await connection.Audit.ListAsync(
                new AuditQuery(from, parseResult.GetValue(actor), parseResult.GetValue(action), parseResult.GetValue(run), count), cancellationToken);
            if (context.IsJson)
            {
                context.WriteJson(events);
            }
            else if (events.Count == 0)
            {
                console.Stdout.WriteLine("no audit events");
            }
            else
            {
                AuditView.WriteLines(console.Stdout, events);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Verify(GlobalOptions globals, CliConsole console, Option<string?> store, Option<string?> key, Option<string?> checkpoints)
    {
        var command = new Command(
            "verify",
            $"Walk the hash chain and the signed checkpoints; exit {ExitCodes.AuditBroken} naming the first broken position");
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var context = globals.Read(parseResult, console);
            await using var connection = await OpenAsync(context, parseResult, store, key, checkpoints, cancellationToken);
            var verification = await connection.Audit.VerifyAsync(cancellationToken);
            if (context.IsJson)
            {
                context.WriteJson(verification);
            }
            else if (verification.Intact)
            {
                console.Stdout.WriteLine(verification.Summary);
            }

            return verification.Intact ? ExitCodes.Success : context.Fail(ExitCodes.AuditBroken, verification.Summary);
        });
        return command;
    }

    private static Task<ServiceConnection> OpenAsync(
        CommandContext context, ParseResult parseResult, Option<string?> store, Option<string?> key, Option<string?> checkpoints,
        CancellationToken cancellationToken)
    {
        var connectionString = parseResult.GetValue(store);
        var keyFile = parseResult.GetValue(key);
        var checkpointFile = parseResult.GetValue(checkpoints);
        if (context.Server is not null && (connectionString ?? keyFile ?? checkpointFile) is not null)
        {
            throw new UsageException("--store, --audit-key and --audit-checkpoints are for the embedded engine; a server uses its own");
        }

        return ServiceConnection.OpenAsync(context, cancellationToken, connectionString,
            new AuditOptions { KeyFile = keyFile, CheckpointFile = checkpointFile });
    }
}
