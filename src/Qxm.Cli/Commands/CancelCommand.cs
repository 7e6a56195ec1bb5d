using System.CommandLine;
using Qxm.Cli.Connection;
using Qxm.Cli.Rendering;
using Qxm.Engine.Api;

namespace Qxm.Cli.Commands;

/// <summary><c>qxm cancel RUN</c>.</summary>
internal static class CancelCommand
{
    public static Command Create(GlobalOptions globals, CliConsole console)
    {
        var runId = new Argument<string>("RUN") { Description = "A run id" };
        var command = new Command("cancel", "Cancel a run that has not finished") { runId };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var context = globals.Read(parseResult, console);
            var id = parseResult.GetRequiredValue(runId);
            await using var connection = await ServiceConnection.OpenAsync(context, cancellationToken);
            var outcome = await connection.Service.CancelAsync(id, cancellationToken);
            var run = await connection.Service.GetAsync(id, cancellationToken);
            switch (outcome)
            {
                case CancelOutcome.NotFound:
                    return context.Fail(ExitCodes.NotFound, $"no run with id '{id}'");
                case CancelOutcome.Forbidden:
                    return context.Fail(ExitCodes.NotAuthorized, $"run {id} was submitted by someone else; cancelling it takes the operator role");
                case CancelOutcome.AlreadyFinished:
                    return context.Fail(ExitCodes.Failure, $"run {id} already ended" + (run is null ? "" : $" {RunView.State(run.State)}"));
            }

            if (context.IsJson)
            {
                context.WriteJson(run);
            }
            else
            {
                console.Stdout.WriteLine($"run {id} cancelled");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
