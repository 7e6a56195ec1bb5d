using System.CommandLine;
using Qxm.Cli.Connection;
using Qxm.Cli.Rendering;

namespace Qxm.Cli.Commands;

/// <summary><c>qxm results RUN</c>: the counts of a finished run.</summary>
internal static class ResultsCommand
{
    public static Command Create(GlobalOptions globals, CliConsole console)
    {
        var runId = new Argument<string>("RUN") { Description = "A run id" };
        var command = new Command("results", "Print the counts of a succeeded run, per sweep point") { runId };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var context = globals.Read(parseResult, console);
            var id = parseResult.GetRequiredValue(runId);
            await using var connection = await ServiceConnection.OpenAsync(context, cancellationToken);
            var run = await connection.Service.GetAsync(id, cancellationToken);
            if (run is null)
            {
                return context.Fail(ExitCodes.NotFound, $"no run with id '{id}'");
            }

            var result = await connection.Service.GetResultAsync(id, cancellationToken);
            if (result is null)
            {
                return context.Fail(ExitCodes.Failure, Domain.Runs.RunLifecycle.IsTerminal(run.State)
                    ? $"run {id} is {RunView.State(run.State)} and has no results"
                    : $"run {id} is {RunView.State(run.State)} and has no results yet; {WhoExecutes(context)}");
            }

            if (context.IsJson)
            {
                context.WriteJson(result);
            }
            else
            {
                console.Stdout.WriteLine(RunView.Summary(run));
                HistogramView.Write(console.Out, result);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Submitted runs wait for something to execute them: say what, since embedded nothing runs in the background.</summary>
    private static string WhoExecutes(CommandContext context) => context.Server is null
        ? $"runs submitted here execute while 'qxm watch RUN', 'qxm run' or 'qxm serve' runs on this data directory"
        : "the server executes it; 'qxm watch RUN' follows it until it ends";
}
