using System.CommandLine;
using System.Globalization;
using Qxm.Cli.Connection;
using Qxm.Domain.Runs;
using Qxm.Engine.Events;

namespace Qxm.Cli.Commands;

/// <summary><c>qxm watch [RUN]</c>: follows the event stream in the terminal, a line an event; with a run, until it ends.</summary>
internal static class WatchCommand
{
    public static Command Create(GlobalOptions globals, CliConsole console)
    {
        var runId = new Argument<string?>("RUN") { Description = "Follow this run until it ends; without it, every run of the tenant", Arity = ArgumentArity.ZeroOrOne };
        var backend = new Option<string?>("--backend") { Description = "Only events of runs on this backend", HelpName = "ID" };
        var after = new Option<long>("--after")
        {
            Description = "Start after this event number (0: from the beginning of the log)",
            DefaultValueFactory = _ => 0,
            HelpName = "N",
        };
        var command = new Command("watch", "Follow run state changes as they happen (the server's event stream)") { runId, backend, after };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var context = globals.Read(parseResult, console);
            var run = parseResult.GetValue(runId);
            await using var connection = await ServiceConnection.OpenAsync(context, cancellationToken);
            if (run is not null && await connection.Service.GetAsync(run, cancellationToken) is null)
            {
                return context.Fail(ExitCodes.NotFound, $"no run with id '{run}'");
            }

            // Following one run embedded executes the queue meanwhile, as 'qxm run' does, so 'submit' then 'watch' ends.
            await using var execution = run is null ? null : connection.ExecuteQueue(cancellationToken);
            var filter = new EventFilter(run, context.Tenant, parseResult.GetValue(backend));
            var finalState = RunState.Submitted;
            await connection.FollowEventsAsync(filter, Math.Max(0, parseResult.GetValue(after)), e =>
            {
                if (context.IsJson)
                {
                    console.Stdout.WriteLine(System.Text.Json.JsonSerializer.Serialize(e, Server.Json.ApiJson.Options));
                }
                else
                {
                    var at = e.At.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
                    var change = e.Kind == QxmEvent.RunStateKind ? $"{e.From} -> {e.To}" : e.Kind;
                    var reason = string.IsNullOrEmpty(e.Reason) ? "" : $"  ({e.Reason})";
                    console.Stdout.WriteLine($"{at}  #{e.Sequence}  {e.RunId}  {e.Backend}  {change}{reason}");
                }

                console.Stdout.Flush();
                if (run is not null && e.RunId == run && Enum.TryParse<RunState>(e.To, ignoreCase: true, out var to) && RunLifecycle.IsTerminal(to))
                {
                    finalState = to;
                    return false;
                }

                return true;
            }, cancellationToken);
            return finalState is RunState.Failed or RunState.Rejected ? ExitCodes.Failure : ExitCodes.Success;
        });
        return command;
    }
}
