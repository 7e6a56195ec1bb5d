using System.CommandLine;
using System.Globalization;
using Qxm.Cli.Connection;
using Qxm.Cli.Rendering;

namespace Qxm.Cli.Commands;

/// <summary><c>qxm calibration BACKEND</c>: the calibration in effect, its history (of one qubit), drift events, and the
/// operator's release of runs drift holds.</summary>
internal static class CalibrationCommand
{
    public static Command Create(GlobalOptions globals, CliConsole console)
    {
        var backendId = new Argument<string>("BACKEND") { Description = "A backend id (qxm backends lists them)" };
        var history = new Option<bool>("--history") { Description = "List the calibration snapshots recorded over time, oldest first" };
        var since = new Option<string?>("--since") { Description = "With --history: only snapshots taken at or after this ISO 8601 time", HelpName = "TIME" };
        var qubit = new Option<int?>("--qubit") { Description = "Only this qubit (and the gates on it)", HelpName = "N" };
        var release = new Option<bool>("--release") { Description = "Release the tenant's runs held on this backend for calibration drift (operator)" };
        var run = new Option<string?>("--run") { Description = "With --release: release only this run", HelpName = "RUN" };
        var command = new Command("calibration", "Show a backend's calibration, its history and drift; release runs held for drift")
        {
            backendId, history, since, qubit, release, run,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var context = globals.Read(parseResult, console);
            var backend = parseResult.GetValue(backendId)!;
            if (parseResult.GetValue(qubit) is < 0)
            {
                return context.Fail(ExitCodes.InvalidInput, "--qubit must be 0 or more");
            }

            DateTimeOffset? from = null;
            if (parseResult.GetValue(since) is { } text)
            {
                if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
                {
                    return context.Fail(ExitCodes.InvalidInput, $"--since '{text}' is not an ISO 8601 time such as 2025-01-06T08:00:00Z");
                }

                from = parsed;
            }
            else if (parseResult.GetValue(history))
            {
                from = DateTimeOffset.UnixEpoch;
            }

            await using var connection = await ServiceConnection.OpenAsync(context, cancellationToken);
            if (parseResult.GetValue(release))
            {
                var released = await connection.Calibration.ReleaseHeldAsync(backend, parseResult.GetValue(run), context.Tenant, "cli", cancellationToken);
                if (released is not { } count)
                {
                    return context.Fail(ExitCodes.NotFound, $"no backend with id '{backend}'");
                }

                if (context.IsJson)
                {
                    context.WriteJson(new { backend, released = count });
                }
                else
                {
                    console.Stdout.WriteLine($"released {count} run{(count == 1 ? "" : "s")} held for drift on {backend}");
                }

                return ExitCodes.Success;
            }

            var report = await connection.Calibration.GetCalibrationAsync(backend, from, parseResult.GetValue(qubit), cancellationToken);
            if (report is null)
            {
                return context.Fail(ExitCodes.NotFound, $"no backend with id '{backend}'");
            }

            if (context.IsJson)
            {
                context.WriteJson(report);
            }
            else if (report.Current is null)
            {
                console.Stdout.WriteLine($"{backend} reports no calibration (an ideal simulator has none)");
            }
            else if (from is not null)
            {
                CalibrationView.WriteHistory(console.Out, report, parseResult.GetValue(qubit));
            }
            else
            {
                CalibrationView.WriteCurrent(console.Out, report);
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
