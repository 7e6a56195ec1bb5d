using System.CommandLine;
using System.Globalization;
using Qxm.Cli.Connection;
using Spectre.Console;

namespace Qxm.Cli.Commands;

/// <summary><c>qxm experiments [NAME]</c>: the versions of an experiment (of every one) the tenant ran, newest first.</summary>
internal static class ExperimentsCommand
{
    public static Command Create(GlobalOptions globals, CliConsole console)
    {
        var name = new Argument<string?>("NAME") { Description = "The experiment's name; without it, every experiment", Arity = ArgumentArity.ZeroOrOne };
        var limit = new Option<int>("--limit") { Description = "List at most this many versions (1-1000)", DefaultValueFactory = _ => 20, HelpName = "N" };
        var command = new Command("experiments", "List the versions (fingerprints) of an experiment, newest first") { name, limit };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var context = globals.Read(parseResult, console);
            var count = parseResult.GetValue(limit);
            if (count is < 1 or > 1000)
            {
                return context.Fail(ExitCodes.InvalidInput, "--limit must be between 1 and 1000");
            }

            await using var connection = await ServiceConnection.OpenAsync(context, cancellationToken);
            var versions = await connection.Provenance.ListVersionsAsync(parseResult.GetValue(name), count, cancellationToken);
            if (context.IsJson)
            {
                context.WriteJson(versions);
                return ExitCodes.Success;
            }

            if (versions.Count == 0)
            {
                console.Stdout.WriteLine("no versions");
                return ExitCodes.Success;
            }

            var table = new Table().Border(TableBorder.Rounded).AddColumn("fingerprint").AddColumn("created").AddColumn("circuit");
            foreach (var version in versions)
            {
                table.AddRow(new Text(version.Fingerprint),
                    new Text(version.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)), new Text(version.CircuitArtifact));
            }

            console.Out.Write(table);
            return ExitCodes.Success;
        });
        return command;
    }
}
