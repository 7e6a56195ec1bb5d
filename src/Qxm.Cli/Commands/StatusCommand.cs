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
        var runId = new Argument<string?>("RUN") { Description = "A run id (or a loop id: its convergence trace); without it, recent runs", Arity = ArgumentArity.ZeroOrOne };
        var state = RunStateOption.Create("List only runs in this state");
        var backend = new Option<string?>("--backend") { Description = "List only runs on this backend", HelpName = "ID" };
        var limit = new Option<int>("--limit") { Description = "List at most this many runs (1-1000)", DefaultValueFactory = _ => 20, HelpName = "N" };
        var search = new RunSearchOptions();
        var command = new Command("status", "Show a run with its history, or find runs (newest first, a page at a time)") { runId, state, backend, limit };
        search.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var context = globals.Read(parseResult, console);
            await using var connection = await ServiceConnection.OpenAsync(context, cancellationToken);
            if (parseResult.GetValue(runId) is { } loopId && loopId.StartsWith("loop-", StringComparison.Ordinal))
            {
                var loop = await connection.GetLoopAsync(loopId, cancellationToken);
                if (loop is null)
                {
                    return context.Fail(ExitCodes.NotFound, $"no loop with id '{loopId}'");
                }

                if (context.IsJson)
                {
                    context.WriteJson(loop);
                }
                else
                {
                    LoopView.Write(console.Out, loop.Loop, loop.Evaluations);
                }

                return ExitCodes.Success;
            }

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
                    if (await connection.Provenance.GetProvenanceAsync(id, cancellationToken) is { } record)
                    {
                        ProvenanceView.WriteHistory(console.Out, record.Transitions);
                    }
                }

                return ExitCodes.Success;
            }

            var count = parseResult.GetValue(limit);
            if (count is < 1 or > 1000)
            {
                return context.Fail(ExitCodes.InvalidInput, "--limit must be between 1 and 1000");
            }

            var (query, error) = search.Read(parseResult, new RunQuery(parseResult.GetValue(state), parseResult.GetValue(backend), count));
            if (query is null)
            {
                return context.Fail(ExitCodes.InvalidInput, error!);
            }

            var runs = await connection.Service.ListAsync(query, cancellationToken);
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

            if (runs.Count == count)
            {
                context.Say($"more: add --cursor {RunCursor.After(runs[^1]).Encode()}");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
