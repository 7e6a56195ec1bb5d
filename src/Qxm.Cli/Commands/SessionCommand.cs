using System.CommandLine;
using System.Globalization;
using Qxm.Cli.Connection;
using Qxm.Engine.Loops;

namespace Qxm.Cli.Commands;

/// <summary><c>qxm session open|status|close</c>: hold a backend for the acting tenant's iterative work.</summary>
internal static class SessionCommand
{
    public static Command Create(GlobalOptions globals, CliConsole console)
    {
        var command = new Command("session", "Hold a backend for a while: your runs there go first (qxm optimize loops, calibration scans)");
        command.Subcommands.Add(Open(globals, console));
        command.Subcommands.Add(Show(globals, console, "status", "Show a session: whether it holds its backend, until when, why it ended", close: false));
        command.Subcommands.Add(Show(globals, console, "close", "Close a session, releasing its backend", close: true));
        return command;
    }

    private static Command Open(GlobalOptions globals, CliConsole console)
    {
        var backend = new Option<string>("--backend") { Description = "The backend to hold", HelpName = "ID", Required = true };
        var max = new Option<string?>("--max") { Description = "Longest hold, e.g. 30m (default 30m, at most 8h)", HelpName = "DURATION" };
        var idle = new Option<string?>("--idle") { Description = "Ends after this long without a run of yours, e.g. 2m (default 2m)", HelpName = "DURATION" };
        var command = new Command("open", "Open a session on a backend") { backend, max, idle };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var context = globals.Read(parseResult, console);
            if (!TryDuration(parseResult.GetValue(max), out var hold) || !TryDuration(parseResult.GetValue(idle), out var quiet))
            {
                return context.Fail(ExitCodes.InvalidInput, "--max and --idle take a duration such as 90s, 2m or 1h");
            }

            await using var connection = await ServiceConnection.OpenAsync(context, cancellationToken);
            if (connection.Sessions is not { } sessions)
            {
                return context.Fail(ExitCodes.Failure, "this store keeps no sessions");
            }

            var outcome = await sessions.OpenSessionAsync(parseResult.GetRequiredValue(backend), hold, quiet, cancellationToken);
            if (outcome.Session is not { } session)
            {
                // A vendor that would not open its session is no fault of the command line.
                return context.Fail(outcome.VendorFailed ? ExitCodes.Failure : ExitCodes.InvalidInput, outcome.Problem!);
            }

            Print(context, SessionView.Of(session, session.OpenedAt));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Show(GlobalOptions globals, CliConsole console, string name, string description, bool close)
    {
        var id = new Argument<string>("SESSION") { Description = "A session id" };
        var command = new Command(name, description) { id };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var context = globals.Read(parseResult, console);
            var sessionId = parseResult.GetRequiredValue(id);
            await using var connection = await ServiceConnection.OpenAsync(context, cancellationToken);
            var view = connection.Sessions is not { } sessions ? null
                : close ? await sessions.CloseSessionAsync(sessionId, cancellationToken)
                : await sessions.GetSessionAsync(sessionId, cancellationToken);
            if (view is null)
            {
                return context.Fail(ExitCodes.NotFound, $"no session with id '{sessionId}'");
            }

            Print(context, view);
            return ExitCodes.Success;
        });
        return command;
    }

    private static void Print(CommandContext context, SessionView view)
    {
        if (context.IsJson)
        {
            context.WriteJson(view);
            return;
        }

        var s = view.Session;
        var state = view.Active ? $"holds {s.Backend} until {view.ExpiresAt:u} at the latest (idle after {s.Idle})" : $"ended {view.EndedAt:u} ({view.EndReason})";
        var vendor = s.VendorSession is null ? "" : $"; the vendor's session {s.VendorSession}" + (s.VendorClosedAt is { } closed ? $" closed {closed:u}" : " open");
        context.Console.Stdout.WriteLine($"{s.Id} of tenant {s.Tenant} {state}{vendor}");
    }

    /// <summary>Reads 90s, 2m, 1h or a plain number of seconds; empty is the default.</summary>
    private static bool TryDuration(string? text, out TimeSpan? duration)
    {
        duration = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        var (number, unit) = text[^1] switch
        {
            's' => (text[..^1], 1.0),
            'm' => (text[..^1], 60.0),
            'h' => (text[..^1], 3600.0),
            _ => (text, 1.0),
        };
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value) || value <= 0 || value > 1e7)
        {
            return false;
        }

        duration = TimeSpan.FromSeconds(value * unit);
        return true;
    }
}
