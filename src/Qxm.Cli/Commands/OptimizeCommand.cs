using System.CommandLine;
using System.Globalization;
using Qxm.Client.Wire;
using Qxm.Cli.Connection;
using Qxm.Cli.Input;
using Qxm.Cli.Rendering;
using Qxm.Domain.Loops;
using Qxm.Engine.Loops;

namespace Qxm.Cli.Commands;

/// <summary><c>qxm optimize FILE</c>: runs a <c>kind: optimize</c> experiment's loop to its end, one run per evaluation,
/// its state stored after each; <c>qxm optimize --resume LOOP</c> continues one that was interrupted.</summary>
internal static class OptimizeCommand
{
    private static readonly TimeSpan RemotePoll = TimeSpan.FromMilliseconds(200);

    /// <summary>For crash tests: once the evaluation with this index is stored and reported, the process makes no more
    /// progress, so a test kills it at a known point instead of racing a loop that may finish first.</summary>

    public static Command Create(GlobalOptions globals, CliConsole console)
    {
        var file = new Argument<string?>("FILE") { Description = "A kind: optimize experiment file (.yaml, .yml, .json)", Arity = ArgumentArity.ZeroOrOne };
        var resume = new Option<string?>("--resume") { Description = "Continue the interrupted loop with this id instead", HelpName = "LOOP" };
        var session = new Option<bool>("--session") { Description = "Hold the backend in a session while the loop runs (closed at its end)" };
        var timings = new Option<bool>("--timings")
        {
            Description = "Also print the loop latency (result to next result, simulation excluded) as one line 'loop-latency {json}' on stderr",
        };
        var command = new Command("optimize", "Run an optimizer loop (VQE, QAOA): one run per evaluation, resumable after a crash") { file, resume, session, timings };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var context = globals.Read(parseResult, console);
            var path = parseResult.GetValue(file);
            var loopId = parseResult.GetValue(resume);
            if ((path is null) == (loopId is null))
            {
                return context.Fail(ExitCodes.InvalidInput, "give either an experiment FILE or --resume LOOP");
            }

            Domain.Experiments.ExperimentDefinition? experiment = null;
            if (path is not null)
            {
                var (loaded, diagnostics) = ExperimentInput.Load(path, new ExperimentOverrides(null, null, null));
                if (loaded is null)
                {
                    return context.Refuse(diagnostics);
                }

                if (loaded.Optimize is null)
                {
                    return context.Fail(ExitCodes.InvalidInput, $"{path} is not a kind: optimize experiment; run it with qxm run");
                }

                experiment = loaded;
            }

            await using var connection = await ServiceConnection.OpenAsync(context, cancellationToken);
            if (connection.Remote is { } remote)
            {
                return parseResult.GetValue(session) || parseResult.GetValue(timings)
                    ? context.Fail(ExitCodes.InvalidInput, "--session and --timings are for loops this process drives; the server drives a loop started with --server")
                    : await RemoteAsync(context, console, remote, experiment, loopId, cancellationToken);
            }

            var latencies = new List<double>();
            var hold = LoopDriver.HoldAfterEvaluation(Environment.GetEnvironmentVariable(LoopDriver.HoldAfterEvaluationSetting));
            var outcome = await connection.WithLoopsAsync<LoopOutput>(async (driver, loops) =>
            {
                if (experiment is not null)
                {
                    var created = await driver.CreateAsync(experiment, context.Tenant, Path.GetDirectoryName(Path.GetFullPath(path!)), cancellationToken);
                    console.Stderr.WriteLine($"loop {created.Id} started");
                    loopId = created.Id;
                }
                else if (await loops.GetLoopAsync(loopId!, cancellationToken) is null)
                {
                    return null;
                }

                var record = (await loops.GetLoopAsync(loopId!, cancellationToken))!;
                string? held = null;
                if (parseResult.GetValue(session) && connection.Sessions is { } sessions)
                {
                    var max = record.Settings.MaxSeconds is { } seconds ? TimeSpan.FromSeconds(Math.Min(seconds, SessionService.LongestMax.TotalSeconds)) : (TimeSpan?)null;
                    var opened = await sessions.OpenSessionAsync(record.Experiment.Backend, max, null, cancellationToken);
                    held = opened.Session?.Id;
                    console.Stderr.WriteLine(held is null ? $"no session: {opened.Problem}; the loop runs in the queue" : $"session {held} holds {record.Experiment.Backend}");
                }

                try
                {
                    var ended = await driver.DriveAsync(loopId!, cancellationToken);
                    return new LoopOutput(ended, await loops.ListEvaluationsAsync(ended.Id, cancellationToken));
                }
                finally
                {
                    if (held is not null)
                    {
                        await connection.Sessions!.CloseSessionAsync(held, CancellationToken.None);
                    }
                }
            }, (loop, e) =>
            {
                console.Stderr.WriteLine(LoopView.ProgressLine(loop, e));
                hold?.Invoke(loop, e);
            }, parseResult.GetValue(timings) ? t => latencies.Add(t.TotalMilliseconds) : null, cancellationToken);
            if (latencies.Count > 0)
            {
                latencies.Sort();
                var p50 = latencies[latencies.Count / 2];
                var p95 = latencies[Math.Min(latencies.Count - 1, (int)(latencies.Count * 0.95))];
                console.Stderr.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"loop-latency {{\"iterations\":{latencies.Count},\"p50Milliseconds\":{p50:0.000},\"p95Milliseconds\":{p95:0.000},\"maxMilliseconds\":{latencies[^1]:0.000}}}"));
            }

            return outcome is null ? context.Fail(ExitCodes.NotFound, $"no loop with id '{loopId}'") : Finish(context, console, outcome);
        });
        return command;
    }

    /// <summary>Over <c>--server</c> the server drives the loop beside its workers (and takes it up again after a
    /// restart); this starts it, or with <c>--resume</c> finds it, and follows its trace to the end.</summary>
    private static async Task<int> RemoteAsync(
        CommandContext context, CliConsole console, Remote.HttpRunService remote, Domain.Experiments.ExperimentDefinition? experiment, string? loopId,
        CancellationToken cancellationToken)
    {
        Client.Wire.LoopTrace? trace;
        if (experiment is not null)
        {
            var (started, diagnostics) = await remote.StartLoopAsync(experiment, cancellationToken);
            if (started is null)
            {
                return context.Refuse(diagnostics);
            }

            console.Stderr.WriteLine($"loop {started.Loop.Id} started on the server");
            trace = started;
        }
        else
        {
            trace = await remote.GetLoopAsync(loopId!, cancellationToken);
            if (trace is null)
            {
                return context.Fail(ExitCodes.NotFound, $"no loop with id '{loopId}'");
            }
        }

        var shown = 0;
        while (true)
        {
            foreach (var evaluation in trace.Evaluations.Skip(shown))
            {
                console.Stderr.WriteLine(LoopView.ProgressLine(trace.Loop, evaluation));
            }

            shown = trace.Evaluations.Count;
            if (trace.Loop.State != LoopState.Running)
            {
                return Finish(context, console, new LoopOutput(trace.Loop, trace.Evaluations));
            }

            await Task.Delay(RemotePoll, cancellationToken);
            trace = await remote.GetLoopAsync(trace.Loop.Id, cancellationToken)
                ?? throw new Domain.Errors.QxmException($"loop {trace.Loop.Id} disappeared from the server while followed");
        }
    }

    private static int Finish(CommandContext context, CliConsole console, LoopOutput outcome)
    {
        if (context.IsJson)
        {
            context.WriteJson(outcome);
        }
        else
        {
            LoopView.Write(console.Out, outcome.Loop, outcome.Evaluations);
        }

        return outcome.Loop.State is LoopState.Converged or LoopState.Stopped ? ExitCodes.Success : ExitCodes.Failure;
    }
}
