using System.CommandLine;
using System.Text.Json;
using Qxm.Cli.Connection;
using Qxm.Cli.Rendering;
using Qxm.Engine.Provenance;

namespace Qxm.Cli.Commands;

/// <summary><c>qxm provenance RUN [--format json|prov]</c>: where a run's result came from, as qxm's record or W3C PROV-JSON.</summary>
internal static class ProvenanceCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static Command Create(GlobalOptions globals, CliConsole console)
    {
        var runId = new Argument<string>("RUN") { Description = "A run id" };
        var format = new Option<string?>("--format")
        {
            Description = "json: qxm's record; prov: W3C PROV-JSON for lineage tools (default: a summary for people, or json with -o json)",
            HelpName = "json|prov",
        };
        format.AcceptOnlyFromAmong("json", "prov");
        var command = new Command("provenance", "Show where a run's result came from: versions, artifacts by hash, machine, history") { runId, format };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var context = globals.Read(parseResult, console);
            var id = parseResult.GetValue(runId)!;
            await using var connection = await ServiceConnection.OpenAsync(context, cancellationToken);
            var record = await connection.Provenance.GetProvenanceAsync(id, cancellationToken);
            if (record is null)
            {
                return context.Fail(ExitCodes.NotFound, $"no run with id '{id}'");
            }

            switch (parseResult.GetValue(format))
            {
                case "prov":
                    console.Stdout.WriteLine(ProvJson.Write(record).ToJsonString(Indented));
                    break;
                case "json":
                    context.WriteJson(record);
                    break;
                default:
                    if (context.IsJson)
                    {
                        context.WriteJson(record);
                    }
                    else
                    {
                        ProvenanceView.Write(console.Out, record);
                    }

                    break;
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
