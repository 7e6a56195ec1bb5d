using System.CommandLine;
using System.Globalization;
using Qxm.Cli.Input;

namespace Qxm.Cli.Commands;

/// <summary><c>qxm estimate FILE [--backend B]</c>: what the experiment would cost on its backend under the backend's price
/// model (the vendor's published one or the installation's override), checked as submission would check it; nothing is
/// submitted and no vendor is called. Exit code 2 when the experiment is invalid.</summary>
internal static class EstimateCommand
{
    public static Command Create(GlobalOptions globals, CliConsole console)
    {
        var file = new Argument<string>("FILE") { Description = "An experiment (.yaml, .yml, .json) or an OpenQASM circuit (.qasm)" };
        var backend = new Option<string?>("--backend")
        {
            Description = $"Estimate on this backend (a .qasm circuit's default: {ExperimentOverrides.DefaultBackend}; overrides the experiment's)",
            HelpName = "ID",
        };
        var shots = new Option<int?>("--shots") { Description = "Shots per sweep point (overrides the experiment's)", HelpName = "N" };
        var command = new Command("estimate", "Estimate what an experiment would cost on a backend, in US dollars; submit nothing") { file, backend, shots };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var context = globals.Read(parseResult, console);
            var outcome = await ValidateCommand.CheckAsync(context, parseResult.GetRequiredValue(file), parseResult.GetValue(shots), parseResult.GetValue(backend), cancellationToken);

            if (context.IsJson)
            {
                context.WriteJson(outcome);
            }
            else if (outcome.Valid && outcome.EstimatedCostUsd is { } usd)
            {
                console.Stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"${usd:0.00####} on {outcome.Backend} ({outcome.Pricing})"));
            }
            else
            {
                foreach (var diagnostic in outcome.Diagnostics.Where(d => d.IsError))
                {
                    console.Stdout.WriteLine(ValidateCommand.Format(diagnostic));
                }
            }

            return outcome.Valid ? ExitCodes.Success : ExitCodes.InvalidInput;
        });
        return command;
    }
}
