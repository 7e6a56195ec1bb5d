using System.CommandLine;
using Qxm.Cli.Connection;
using Qxm.Cli.Input;
using Qxm.Cli.Rendering;
using Qxm.Domain.Runs;
using Spectre.Console;

namespace Qxm.Cli.Commands;

/// <summary><c>qxm run FILE</c>: submit, wait, print the counts. Embedded, it executes the run in this process.</summary>
internal static class RunCommand
{
    public static Command Create(GlobalOptions globals, CliConsole console)
    {
        var arguments = new ExperimentArguments();
        var command = new Command("run", "Run an experiment or a circuit, wait for it and print its counts");
        arguments.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var context = globals.Read(parseResult, console);
            var (path, overrides) = arguments.Read(parseResult);
            await using var connection = await ServiceConnection.OpenAsync(context, cancellationToken);
            var (submitted, exitCode) = await SubmitCommand.SubmitAsync(context, connection, path, overrides, cancellationToken);
            if (submitted is null)
            {
                return exitCode;
            }

            console.Stderr.WriteLine($"run {submitted.Id} queued");
            var run = await WaitAsync(context, connection, submitted, cancellationToken);
            var result = run.State == RunState.Succeeded ? await connection.Service.GetResultAsync(run.Id, cancellationToken) : null;
            if (context.IsJson)
            {
                context.WriteJson(new RunOutput(run, result));
            }
            else
            {
                console.Stdout.WriteLine(RunView.Summary(run));
                if (result is not null)
                {
                    HistogramView.Write(console.Out, result);
                }
            }

            if (run.State == RunState.Succeeded)
            {
                return ExitCodes.Success;
            }

            return context.Fail(ExitCodes.Failure, $"run {run.Id} {RunView.State(run.State)}" + (run.Error is null ? "" : $": {run.Error}"));
        });
        return command;
    }

    private static async Task<Run> WaitAsync(CommandContext context, ServiceConnection connection, Run run, CancellationToken cancellationToken)
    {
        if (context.IsJson || !context.Console.StderrIsTerminal)
        {
            return await connection.WaitAsync(run.Id, _ => { }, cancellationToken);
        }

        return await context.Console.Error.Status()
            .Spinner(Spinner.Known.Dots)
            .StartAsync($"{run.Id} {RunView.State(run.State)}", status =>
                connection.WaitAsync(run.Id, current => status.Status($"{current.Id} {RunView.State(current.State)}"), cancellationToken));
    }
}
