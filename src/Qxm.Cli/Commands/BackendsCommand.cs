using System.CommandLine;
using Qxm.Cli.Connection;
using Qxm.Cli.Input;
using Qxm.Cli.Rendering;
using Qxm.Domain.Backends;
using Qxm.Engine.Api;

namespace Qxm.Cli.Commands;

/// <summary><c>qxm backends [--for FILE]</c>: where runs can go, with their limits, health and whether they take new runs;
/// with <c>--for</c>, which backends can take that experiment and why each other one cannot. <c>drain</c>, <c>hold</c> and
/// <c>release</c> are the operator's controls.</summary>
internal static class BackendsCommand
{
    public static Command Create(GlobalOptions globals, CliConsole console)
    {
        var forFile = new Option<string?>("--for")
        {
            Description = "An experiment or circuit: list the backends that can run it and the reason each other one is excluded",
            HelpName = "FILE",
        };
        var command = new Command("backends", "List the backends with their limits, health and dispatch state; drain, hold or release one") { forFile };
        command.Add(Control(globals, console, "drain", BackendControlMode.Draining, "Drain a backend: runs in flight finish, nothing new is dispatched to it"));
        command.Add(Control(globals, console, "hold", BackendControlMode.Held, "Hold a backend: nothing new is dispatched to it until released"));
        command.Add(Release(globals, console));
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var context = globals.Read(parseResult, console);
            if (parseResult.GetValue(forFile) is { } path)
            {
                var (experiment, diagnostics) = ExperimentInput.Load(path, new ExperimentOverrides(null, null, null));
                if (experiment is null || diagnostics.Any(d => d.IsError))
                {
                    return context.Refuse(diagnostics);
                }

                await using var matching = await ServiceConnection.OpenAsync(context, cancellationToken);
                var candidates = await matching.Service.MatchBackendsAsync(
                    experiment, new SubmitOptions(Actor: "cli", BaseDirectory: BaseDirectoryOf(path), Tenant: context.Tenant), cancellationToken);
                if (context.IsJson)
                {
                    context.WriteJson(candidates);
                }
                else
                {
                    BackendView.WriteCandidates(console.Stdout, candidates);
                }

                return ExitCodes.Success;
            }

            await using var connection = await ServiceConnection.OpenAsync(context, cancellationToken);
            var backends = await connection.Service.ListBackendsAsync(cancellationToken);
            if (context.IsJson)
            {
                context.WriteJson(backends);
            }
            else
            {
                BackendView.WriteTable(console.Out, backends);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Control(GlobalOptions globals, CliConsole console, string verb, BackendControlMode mode, string description)
    {
        var id = new Argument<string>("BACKEND") { Description = "The backend id" };
        var reason = new Option<string?>("--reason") { Description = "Why, shown in qxm backends", HelpName = "TEXT" };
        var command = new Command(verb, description) { id, reason };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var context = globals.Read(parseResult, console);
            var backend = parseResult.GetRequiredValue(id);
            await using var connection = await ServiceConnection.OpenAsync(context, cancellationToken);
            var control = await connection.Queue.ControlBackendAsync(
                backend, mode, parseResult.GetValue(reason) ?? "no reason given", Environment.UserName, cancellationToken);
            if (control is null)
            {
                return context.Fail(ExitCodes.NotFound, $"no backend has the id '{backend}'");
            }

            if (context.IsJson)
            {
                context.WriteJson(control);
            }
            else
            {
                console.Stdout.WriteLine($"{backend} {(mode == BackendControlMode.Draining ? "draining" : "held")}: {control.Reason}");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Release(GlobalOptions globals, CliConsole console)
    {
        var id = new Argument<string>("BACKEND") { Description = "The backend id" };
        var command = new Command("release", "Release a drained or held backend: dispatch resumes") { id };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var context = globals.Read(parseResult, console);
            var backend = parseResult.GetRequiredValue(id);
            await using var connection = await ServiceConnection.OpenAsync(context, cancellationToken);
            if (!await connection.Queue.ReleaseBackendAsync(backend, cancellationToken))
            {
                return context.Fail(ExitCodes.NotFound, $"no backend has the id '{backend}'");
            }

            if (!context.IsJson)
            {
                console.Stdout.WriteLine($"{backend} released");
            }
            else
            {
                context.WriteJson(new { backend, released = true });
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static string BaseDirectoryOf(string path) =>
        path.EndsWith(".qasm", StringComparison.OrdinalIgnoreCase)
            ? Environment.CurrentDirectory
            : Path.GetDirectoryName(Path.GetFullPath(path)) ?? Environment.CurrentDirectory;
}
