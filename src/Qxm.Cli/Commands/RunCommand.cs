using System.CommandLine;
using Qxm.Cli.Connection;
using Qxm.Cli.Input;
using Qxm.Cli.Profiling;
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
        var timings = new Option<bool>("--timings")
        {
            Description = "Also print where this process's time went, as one line 'timings {json}' on stderr",
        };
        var command = new Command("run", "Run an experiment or a circuit, wait for it and print its counts") { timings };
        arguments.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var profile = parseResult.GetValue(timings) ? new RunTimings() : null;
            try
            {
                return await RunAsync(globals.Read(parseResult, console), arguments.Read(parseResult), profile, cancellationToken);
            }
            finally
            {
                if (profile is not null)
                {
                    profile.Mark("close");
                    console.Stderr.WriteLine(profile.Line());
                }
            }
        });
        return command;
    }

    private static async Task<int> RunAsync(
        CommandContext context, (string Path, ExperimentOverrides Overrides) arguments, RunTimings? profile, CancellationToken cancellationToken)
    {
        var console = context.Console;
        var (path, overrides) = arguments;
        profile?.Mark("parse-arguments");
        await using var connection = await ServiceConnection.OpenAsync(context, cancellationToken);
        profile?.Mark("open");
        var hooks = new List<HookRecord>();
        var (submitted, exitCode) = await SubmitCommand.SubmitAsync(context, connection, path, overrides, hooks, cancellationToken);
        profile?.Mark("submit");
        if (submitted is null)
        {
            return exitCode;
        }

        console.Stderr.WriteLine($"run {submitted.Id} queued");
        var run = await WaitAsync(context, connection, submitted, cancellationToken);
        profile?.Mark("wait");
        var result = run.State == RunState.Succeeded ? await connection.Service.GetResultAsync(run.Id, cancellationToken) : null;
        profile?.Mark("fetch-result");
        string? hookFailure = null;
        if (result is not null && ExperimentInput.Load(path, overrides).Experiment?.Hooks?.Post is { } post)
        {
            var (record, error) = await HookSteps.PostAsync(post, new RunOutput(run, result), connection, cancellationToken);
            hooks.Add(record);
            hookFailure = error;
        }

        if (context.IsJson)
        {
            context.WriteJson(new RunOutput(run, result) { Hooks = hooks.Count == 0 ? null : hooks });
        }
        else
        {
            console.Stdout.WriteLine(RunView.Summary(run));
            if (result is not null)
            {
                HistogramView.Write(console.Out, result);
            }
        }

        profile?.Mark("print");
        foreach (var hook in hooks.Where(h => !context.IsJson))
        {
            console.Stderr.WriteLine($"hooks.{hook.Phase}: {hook.Hook} " + (hook.Error ?? $"ok in {hook.Seconds:0.000} s, output {hook.OutputArtifact ?? hook.OutputSha256}"));
        }

        if (hookFailure is not null)
        {
            return context.Fail(ExitCodes.Failure, hookFailure);
        }

        if (run.State == RunState.Succeeded)
        {
            return ExitCodes.Success;
        }

        return context.Fail(ExitCodes.Failure, $"run {run.Id} {RunView.State(run.State)}" + (run.Error is null ? "" : $": {run.Error}"));
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
