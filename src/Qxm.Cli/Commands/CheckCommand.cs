using System.CommandLine;
using System.Diagnostics;
using Qxm.Cli.Connection;
using Qxm.Cli.Input;
using Qxm.Cli.Rendering;
using Qxm.Domain.Runs;
using Qxm.Engine.Regression;

namespace Qxm.Cli.Commands;

/// <summary><c>qxm check SUITE.yaml</c>: runs a regression suite's experiments and checks their results against its
/// expectations; exit 0 when every one holds, 1 when any fails, 2 when the suite itself is invalid.</summary>
internal static class CheckCommand
{
    public static Command Create(GlobalOptions globals, CliConsole console)
    {
        var suiteFile = new Argument<string>("SUITE") { Description = "The suite file (YAML or JSON): experiments and what their results must show" };
        var junit = new Option<string?>("--junit") { Description = "Also write the results as JUnit XML to FILE", HelpName = "FILE" };
        var markdown = new Option<string?>("--markdown") { Description = "Also write the Markdown summary to FILE", HelpName = "FILE" };
        var command = new Command("check", "Run a regression suite: each experiment's results against its expectations") { suiteFile, junit, markdown };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var context = globals.Read(parseResult, console);
            var (suite, diagnostics) = RegressionSuiteLoader.LoadFile(parseResult.GetRequiredValue(suiteFile));
            if (suite is null)
            {
                return context.Refuse(diagnostics);
            }

            var startedAt = TimeProvider.System.GetUtcNow();
            await using var connection = await ServiceConnection.OpenAsync(context, cancellationToken);
            var results = await RunAsync(context, connection, suite, cancellationToken);
            var summary = SuiteReport.Markdown(suite, results);
            if (parseResult.GetValue(junit) is { } junitFile)
            {
                await File.WriteAllTextAsync(junitFile, SuiteReport.JUnit(suite, results, startedAt), cancellationToken);
            }

            if (parseResult.GetValue(markdown) is { } markdownFile)
            {
                await File.WriteAllTextAsync(markdownFile, summary, cancellationToken);
            }

            if (context.IsJson)
            {
                context.WriteJson(new { suite = suite.Name, passed = results.All(r => r.Passed), cases = results });
            }
            else
            {
                console.Stdout.Write(summary);
            }

            var failed = results.Count(r => !r.Passed);
            return failed == 0 ? ExitCodes.Success : context.Fail(ExitCodes.Failure, $"{failed} of {results.Count} experiments of suite '{suite.Name}' failed");
        });
        return command;
    }

    /// <summary>Submits every case first, so a server (or this process's workers) runs them side by side, then waits for
    /// each and checks it.</summary>
    private static async Task<IReadOnlyList<CaseResult>> RunAsync(
        CommandContext context, ServiceConnection connection, RegressionSuite suite, CancellationToken cancellationToken)
    {
        var submitted = new List<(SuiteCase Case, Run? Run, string? Error, Stopwatch Clock)>();
        foreach (var suiteCase in suite.Cases)
        {
            var clock = Stopwatch.StartNew();
            var overrides = new ExperimentOverrides(suiteCase.Shots, suiteCase.Backend, suiteCase.Seed);
            var (run, exitCode) = await SubmitCommand.SubmitAsync(context, connection, suiteCase.Experiment, overrides, null, cancellationToken);
            submitted.Add((suiteCase, run, run is null ? $"not submitted (exit {exitCode}; the reason is above)" : null, clock));
        }

        var results = new List<CaseResult>();
        await using var execution = connection.ExecuteQueue(cancellationToken);
        foreach (var (suiteCase, run, error, clock) in submitted)
        {
            if (run is null)
            {
                results.Add(new CaseResult(suiteCase, null, error, [], clock.Elapsed));
                continue;
            }

            var finished = await connection.PollUntilFinishedAsync(run.Id, cancellationToken);
            var result = finished.State == RunState.Succeeded ? await connection.Service.GetResultAsync(run.Id, cancellationToken) : null;
            results.Add(result is null
                ? new CaseResult(suiteCase, run.Id, $"run {RunView.State(finished.State)}{(finished.Error is null ? "" : $": {finished.Error}")}", [], clock.Elapsed)
                : new CaseResult(suiteCase, run.Id, null, [.. suiteCase.Expectations.Select(e => e.Evaluate(result))], clock.Elapsed));
        }

        return results;
    }
}
