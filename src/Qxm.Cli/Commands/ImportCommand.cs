using System.CommandLine;
using Qxm.Cli.Connection;

namespace Qxm.Cli.Commands;

/// <summary><c>qxm import FILE</c>: restore a bundle's runs here, all or nothing, once every hash in it holds.</summary>
internal static class ImportCommand
{
    public static Command Create(GlobalOptions globals, CliConsole console)
    {
        var file = new Argument<string>("FILE") { Description = "A bundle written by qxm export" };
        var store = new Option<string?>("--store")
        {
            Description = "Embedded: a PostgreSQL connection string (default: $QXM_STORE, else SQLite in the data directory)",
            HelpName = "CONNECTION",
        };
        var command = new Command("import", "Restore a bundle's runs into this data directory, refusing a bundle that was altered") { file, store };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var context = globals.Read(parseResult, console);
            if (context.Server is not null)
            {
                return context.Fail(ExitCodes.InvalidInput, "import works on a data directory (--home, --store); it does not take --server");
            }

            await using var connection = await ServiceConnection.OpenAsync(context, cancellationToken, parseResult.GetValue(store));
            var outcome = await connection.Bundles!.ImportAsync(parseResult.GetValue(file)!, cancellationToken);
            if (outcome.Error is { } error)
            {
                return context.Fail(ExitCodes.InvalidInput, error);
            }

            if (context.IsJson)
            {
                context.WriteJson(outcome);
            }
            else
            {
                console.Stdout.WriteLine($"imported {outcome.Runs.Count} runs ({outcome.AlreadyPresent} already here) and {outcome.Artifacts} artifacts");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
