using System.CommandLine;
using Qxm.Cli.Connection;
using Qxm.Cli.Input;
using Qxm.Cli.Rendering;
using Qxm.Domain.Runs;
using Qxm.Engine.Persistence;

namespace Qxm.Cli.Commands;

/// <summary><c>qxm status [RUN]</c>: one run in detail, or a table of recent runs.</summary>
internal static class StatusCommand
{
    public static Command Create(GlobalOptions globals, CliConsole console)
    {
        var runId = new Argument<string?>("RUN") { Description = "A run id; without it, recent runs", Arity = ArgumentArity.ZeroOrOne };
        var state = RunStateOption.Create("List only runs in this state");
        var backend = new Option<string?>("--backend") { Description = "List only runs on this backend", HelpName = "ID" };
        var limit = new Option<int>("--limit") { Description = "List at most this many runs (1-1000)", DefaultValueFactory = _ => 20, HelpName = "N" };
        var command = new Command("status", "Show a run, or the most recent runs") { runId, state, backend, limit };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var context = globals.Read(parseResult, console);
            await using var connection = await ServiceConnection.OpenAsync(context, cancellationToken);
            if (parseResult.GetValue(runId) is { } id)
            {
                var run = await connection.Service.GetAsync(id, cancellationToken);
                if (run is null)
                {
                    return context.Fail(ExitCodes.NotFound, $"no run with id '{id}'");
                }

                if (context.IsJson)
                {
                    context.WriteJson(run);
                }
                else
                {
                    RunView.WriteDetail(console.Out, run);
                }

                return ExitCodes.Success;
            }

            var count = parseResult.GetValue(limit);
            if (count is < 1 or > 1000)
            {
                return context.Fail(ExitCodes.InvalidInput, "--limit must be between 1 and 1000");
            }

            var runs = await connection.Service.ListAsync(new RunQuery(parseResult.GetValue(state), parseResult.GetValue(backend), count), cancellationToken);
            if (context.IsJson)
            {
                context.WriteJson(runs);
            }
            else if (runs.Count == 0)
            {
                console.Stdout.WriteLine("no runs");
            }
            else
            {
                RunView.WriteTable(console.Out, runs);
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
