using System.CommandLine;
using Qxm.Cli.Connection;
using Qxm.Cli.Rendering;

namespace Qxm.Cli.Commands;

/// <summary><c>qxm queue</c>: queued runs in the order the scheduler will dispatch them, and why.</summary>
internal static class QueueCommand
{
    public static Command Create(GlobalOptions globals, CliConsole console)
    {
        var backend = new Option<string?>("--backend") { Description = "Only this backend's queue", HelpName = "ID" };
        var explain = new Option<bool>("--explain") { Description = "Say why each run stands where it does" };
        var command = new Command("queue", "Show queued runs in predicted dispatch order with estimated starts") { backend, explain };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var context = globals.Read(parseResult, console);
            await using var connection = await ServiceConnection.OpenAsync(context, cancellationToken);
            var entries = await connection.Queue.GetQueueAsync(parseResult.GetValue(backend), cancellationToken);
            if (context.IsJson)
            {
                context.WriteJson(entries);
            }
            else if (entries.Count == 0)
            {
                console.Stdout.WriteLine("nothing is queued");
            }
            else
            {
                QueueView.WriteTable(console.Out, entries, parseResult.GetValue(explain));
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
