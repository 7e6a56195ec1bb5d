using System.CommandLine;
using Qxm.Cli.Connection;
using Qxm.Cli.Input;
using Qxm.Cli.Rendering;
using Qxm.Domain.Runs;
using Qxm.Engine.Api;

namespace Qxm.Cli.Commands;

/// <summary><c>qxm submit FILE</c>: queue a run and print its id without waiting.</summary>
internal static class SubmitCommand
{
    public static Command Create(GlobalOptions globals, CliConsole console)
    {
        var arguments = new ExperimentArguments();
        var command = new Command("submit", "Queue an experiment and print its run id; don't wait for it");
        arguments.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var context = globals.Read(parseResult, console);
            var (path, overrides) = arguments.Read(parseResult);
            await using var connection = await ServiceConnection.OpenAsync(context, cancellationToken);
            var (run, exitCode) = await SubmitAsync(context, connection, path, overrides, null, cancellationToken);
            if (run is null)
            {
                return exitCode;
            }

            if (context.IsJson)
            {
                context.WriteJson(run);
            }
            else
            {
                console.Stdout.WriteLine(run.Id);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Loads FILE and submits it; the run, or null and the exit code after the diagnostics were printed.</summary>
    public static async Task<(Run? Run, int ExitCode)> SubmitAsync(
        CommandContext context, ServiceConnection connection, string path, ExperimentOverrides overrides, ICollection<HookRecord>? hooks,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(connection);
        var (experiment, diagnostics) = ExperimentInput.Load(path, overrides);
        if (experiment is null || diagnostics.Any(d => d.IsError))
        {
            return (null, context.Refuse(diagnostics));
        }

        if (experiment.Optimize is not null)
        {
            return (null, context.Fail(ExitCodes.InvalidInput, $"{path} is a kind: optimize experiment; run its loop with qxm optimize"));
        }

        var (prepared, pre, failure) = await HookSteps.PreAsync(experiment, connection, cancellationToken);
        if (pre is not null)
        {
            hooks?.Add(pre);
        }

        if (prepared is null)
        {
            return (null, context.Fail(ExitCodes.Failure, failure!));
        }

        experiment = prepared;

        context.Warn(diagnostics);
        var options = new SubmitOptions(Actor: "cli", BaseDirectory: BaseDirectoryOf(path), Tenant: context.Tenant, IdempotencyKey: overrides.IdempotencyKey);
        var outcome = await connection.Service.SubmitAsync(experiment, options, cancellationToken);
        if (outcome.RetryAfter is { } retryAfter)
        {
            var reason = outcome.Diagnostics.Count > 0 ? outcome.Diagnostics[0].Message : "the tenant's limits are reached";
            return (null, context.Fail(ExitCodes.Backpressure, $"{reason}; retry after {Math.Ceiling(retryAfter.TotalSeconds)} s"));
        }

        var shown = ExperimentInput.AsSeenFromHere(outcome.Diagnostics, path, experiment);
        if (outcome.Refusal == SubmitRefusal.QuotaExceeded)
        {
            return (null, context.Fail(ExitCodes.Backpressure, shown.Count > 0 ? shown[0].Message : "the tenant's quota is reached"));
        }

        if (outcome.Run is null)
        {
            return (null, context.Refuse(shown));
        }

        context.Warn(shown);
        return (outcome.Run, ExitCodes.Success);
    }

    /// <summary>The directory the circuit's includes are read from: the experiment file's, since its circuit path is relative to it.</summary>
    private static string BaseDirectoryOf(string path) =>
        path.EndsWith(".qasm", StringComparison.OrdinalIgnoreCase)
            ? Environment.CurrentDirectory
            : Path.GetDirectoryName(Path.GetFullPath(path)) ?? Environment.CurrentDirectory;
}
