using System.CommandLine;
using Qxm.Cli.Connection;
using Qxm.Cli.Input;
using Qxm.Cli.Rendering;
using Qxm.Engine.Api;

namespace Qxm.Cli.Commands;

/// <summary><c>qxm backends [--for FILE]</c>: where runs can go, with their limits; with <c>--for</c>, which backends can take
/// that experiment and why each other one cannot.</summary>
internal static class BackendsCommand
{
    public static Command Create(GlobalOptions globals, CliConsole console)
    {
        var forFile = new Option<string?>("--for")
        {
            Description = "An experiment or circuit: list the backends that can run it and the reason each other one is excluded",
            HelpName = "FILE",
        };
        var command = new Command("backends", "List the backends and their limits") { forFile };
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

    private static string BaseDirectoryOf(string path) =>
        path.EndsWith(".qasm", StringComparison.OrdinalIgnoreCase)
            ? Environment.CurrentDirectory
            : Path.GetDirectoryName(Path.GetFullPath(path)) ?? Environment.CurrentDirectory;
}
