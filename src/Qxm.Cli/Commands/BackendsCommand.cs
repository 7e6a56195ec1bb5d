using System.CommandLine;
using Qxm.Cli.Connection;
using Qxm.Cli.Rendering;

namespace Qxm.Cli.Commands;

/// <summary><c>qxm backends</c>: where runs can go, with their limits.</summary>
internal static class BackendsCommand
{
    public static Command Create(GlobalOptions globals, CliConsole console)
    {
        var command = new Command("backends", "List the backends and their limits");
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var context = globals.Read(parseResult, console);
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
}
