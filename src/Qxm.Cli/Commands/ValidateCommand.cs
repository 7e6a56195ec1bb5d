using System.CommandLine;
using Qxm.Cli.Connection;
using Qxm.Cli.Input;
using Qxm.Domain.Errors;
using Qxm.Engine.Api;

namespace Qxm.Cli.Commands;

/// <summary><c>qxm validate FILE [--backend B]</c>: every problem submission would find, as <c>file:line:col: message [rule]</c>,
/// without submitting. Exit code 2 when there is an error; warnings alone exit 0.</summary>
internal static class ValidateCommand
{
    public static Command Create(GlobalOptions globals, CliConsole console)
    {
        var file = new Argument<string>("FILE") { Description = "An experiment (.yaml, .yml, .json) or an OpenQASM circuit (.qasm)" };
        var backend = new Option<string?>("--backend")
        {
            Description = $"Validate against this backend (a .qasm circuit's default: {ExperimentOverrides.DefaultBackend}; overrides the experiment's)",
            HelpName = "ID",
        };
        var shots = new Option<int?>("--shots") { Description = "Shots per sweep point (overrides the experiment's)", HelpName = "N" };
        var command = new Command("validate", "Check an experiment against a backend's target and lint it; submit nothing") { file, backend, shots };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var context = globals.Read(parseResult, console);
            var outcome = await CheckAsync(context, parseResult.GetRequiredValue(file), parseResult.GetValue(shots), parseResult.GetValue(backend), cancellationToken);
            if (context.IsJson)
            {
                context.WriteJson(outcome);
            }
            else
            {
                foreach (var diagnostic in outcome.Diagnostics)
                {
                    console.Stdout.WriteLine(Format(diagnostic));
                }

                var errors = outcome.Diagnostics.Count(d => d.IsError);
                var warnings = outcome.Diagnostics.Count - errors;
                var on = outcome.Backend is null ? "" : $" on {outcome.Backend}";
                console.Stdout.WriteLine(errors == 0
                    ? $"valid{on} ({warnings} {(warnings == 1 ? "warning" : "warnings")})"
                    : $"invalid{on}: {errors} {(errors == 1 ? "error" : "errors")}, {warnings} {(warnings == 1 ? "warning" : "warnings")}");
            }

            return outcome.Diagnostics.Any(d => d.IsError) ? ExitCodes.InvalidInput : ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The compiler form with the rule: <c>file:line:col: message [rule]</c>, warnings marked as such.</summary>
    public static string Format(Diagnostic diagnostic)
    {
        ArgumentNullException.ThrowIfNull(diagnostic);
        return diagnostic.IsError ? $"{diagnostic} [{diagnostic.Rule}]" : $"{diagnostic} [{diagnostic.Rule}] (warning)";
    }

    /// <summary>Loads the file and checks it as submission would (the service only when the file itself is sound), with
    /// the service's diagnostics placed in the user's file.</summary>
    public static async Task<ValidationOutcome> CheckAsync(CommandContext context, string path, int? shots, string? backend, CancellationToken cancellationToken)
    {
        var (experiment, loaded) = ExperimentInput.Load(path, new ExperimentOverrides(shots, backend, null));
        if (experiment is null || loaded.Any(d => d.IsError))
        {
            return new ValidationOutcome(null, loaded);
        }

        await using var connection = await ServiceConnection.OpenAsync(context, cancellationToken);
        var checkedOutcome = await connection.Service.ValidateAsync(experiment, new SubmitOptions(Actor: "cli", BaseDirectory: BaseDirectoryOf(path), Tenant: context.Tenant), cancellationToken);
        return checkedOutcome with { Diagnostics = [.. loaded, .. ExperimentInput.AsSeenFromHere(checkedOutcome.Diagnostics, path, experiment)] };
    }

    private static string BaseDirectoryOf(string path) =>
        path.EndsWith(".qasm", StringComparison.OrdinalIgnoreCase)
            ? Environment.CurrentDirectory
            : Path.GetDirectoryName(Path.GetFullPath(path)) ?? Environment.CurrentDirectory;
}
