using System.CommandLine;
using Qxm.Cli.Connection;

namespace Qxm.Cli.Commands;

/// <summary><c>qxm export RUN... --to FILE</c>: finished runs with everything that describes them, in one bundle.</summary>
internal static class ExportCommand
{
    public static Command Create(GlobalOptions globals, CliConsole console)
    {
        var runs = new Argument<string[]>("RUN") { Description = "Run ids to export (finished runs)", Arity = ArgumentArity.OneOrMore };
        var to = new Option<string>("--to") { Description = "The bundle file to write (a zip; replaced if it exists)", HelpName = "FILE", Required = true };
        var store = new Option<string?>("--store")
        {
            Description = "Embedded: a PostgreSQL connection string (default: $QXM_STORE, else SQLite in the data directory)",
            HelpName = "CONNECTION",
        };
        var command = new Command("export", "Write runs, their experiment versions, artifacts, calibration, provenance and audit events to a bundle")
        {
            runs, to, store,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var context = globals.Read(parseResult, console);
            if (context.Server is not null)
            {
                return context.Fail(ExitCodes.InvalidInput, "export works on a data directory (--home, --store); it does not take --server");
            }

            await using var connection = await ServiceConnection.OpenAsync(context, cancellationToken, parseResult.GetValue(store));
            var outcome = await connection.Bundles!.ExportAsync(parseResult.GetValue(runs)!, parseResult.GetValue(to)!, cancellationToken);
            if (outcome.Error is { } error)
            {
                return context.Fail(error.StartsWith("no run", StringComparison.Ordinal) ? ExitCodes.NotFound : ExitCodes.InvalidInput, error);
            }

            if (context.IsJson)
            {
                context.WriteJson(outcome);
            }
            else
            {
                console.Stdout.WriteLine($"exported {outcome.Runs.Count} runs and {outcome.Artifacts} artifacts to {parseResult.GetValue(to)} (manifest sha256 {outcome.ManifestSha256})");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
